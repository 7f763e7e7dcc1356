// Admin: a snapshot's exact stored bytes as a stream, one stored part per read (the download's SHA-256 is the
// manifest's contentHash); the download is audited as export.download of the snapshot.
import { recordAudit } from "@/lib/audit";
import type { AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { getExportSnapshot } from "./get-export-snapshot";
import type { SnapshotManifest } from "./export-snapshot-view";
import { snapshotParts } from "./snapshot-content";

export interface DownloadExportSnapshotOptions {
  db: Db;
  actor: AuthUser;
  snapshotId: string;
}

export interface SnapshotDownload {
  manifest: SnapshotManifest;
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

export async function downloadExportSnapshot({ db, actor, snapshotId }: DownloadExportSnapshotOptions): Promise<SnapshotDownload> {
  const manifest = await getExportSnapshot({ db, actor, snapshotId });
  const row = await db.exportSnapshot.findUniqueOrThrow({ where: { id: snapshotId }, select: { artifactKey: true } });
  await recordAudit({
    tx: db,
    actor,
    action: "export.download",
    targetType: "snapshot",
    targetId: snapshotId,
    details: { name: manifest.name, format: manifest.format, contentHash: manifest.contentHash },
  });
  const parts = snapshotParts({ db, artifactKey: row.artifactKey });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await parts.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
  const slug = manifest.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "snapshot";
  return { manifest, filename: `podium-snapshot-${slug}-${manifest.id}.jsonl`, stream };
}
