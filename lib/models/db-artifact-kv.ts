// The Artifact table as the key → bytes adapter that lib/ml's KvCheckpointStore expects: checkpoints live in the
// database, so every worker (on any machine) reaches every checkpoint without a shared disk.
import type { ArtifactKv } from "@/lib/ml/checkpoint";
import type { Db } from "@/lib/db";

export interface CreateDbArtifactKvOptions {
  db: Db;
}

export function createDbArtifactKv({ db }: CreateDbArtifactKvOptions): ArtifactKv {
  return {
    async get(key) {
      const row = await db.artifact.findUnique({ where: { key }, select: { bytes: true } });
      return row ? new Uint8Array(row.bytes) : null;
    },
    async put(key, bytes) {
      // One upsert statement: readers see the old bytes or the new ones, never a mix.
      await db.artifact.upsert({
        where: { key },
        create: { key, bytes, size: bytes.byteLength },
        update: { bytes, size: bytes.byteLength },
        select: { key: true },
      });
    },
    async delete(key) {
      const { count } = await db.artifact.deleteMany({ where: { key } });
      return count > 0;
    },
    async list(prefix) {
      const rows = await db.artifact.findMany({
        where: { key: { startsWith: prefix } },
        select: { key: true },
        orderBy: { key: "asc" },
      });
      return rows.map((r) => r.key);
    },
  };
}
