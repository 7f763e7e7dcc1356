// Admin: saves an export as a snapshot that jobs can cite. The export streams into the artifact store part by part
// (never whole in memory) while its SHA-256 and counts are computed; the ExportSnapshot row and its audit entry are
// written together once every part is stored, and the parts are removed again if anything fails.
import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createDbArtifactKv } from "@/lib/models/db-artifact-kv";
import { newId } from "@/lib/util/id";
import { filterProjectIds, filtersToJson, ZExportFilters } from "./export-filters";
import { exportJsonl, ZExportFormat } from "./export-jsonl";
import { snapshotManifests, SNAPSHOT_VIEW_SELECT, ZSnapshotOptions, type SnapshotManifest } from "./export-snapshot-view";
import { SNAPSHOT_PART_BYTES, snapshotPartKey } from "./snapshot-content";

export const ZCreateSnapshotRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  format: ZExportFormat,
  options: ZSnapshotOptions.prefault({}),
  filters: ZExportFilters.prefault({}),
});
export type TCreateSnapshotRequest = z.infer<typeof ZCreateSnapshotRequest>;

export interface CreateExportSnapshotOptions extends TCreateSnapshotRequest {
  db: Db;
  actor: AuthUser;
}

export async function createExportSnapshot({ db, actor, name, format, options, filters }: CreateExportSnapshotOptions): Promise<SnapshotManifest> {
  requireRole(actor, "ADMIN");
  const projectIds = filterProjectIds(filters);
  if (projectIds) {
    const known = await db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true } });
    const missing = projectIds.filter((id) => !known.some((p) => p.id === id));
    if (missing.length > 0) throw new AppError("BAD_REQUEST", `No project with id ${missing.join(", ")}`, { details: { projectId: missing } });
  }
  const id = newId();
  const artifactKey = `snapshots/${id}`;
  const kv = createDbArtifactKv({ db });
  const hash = createHash("sha256");
  let size = 0;
  let parts = 0;
  try {
    const { stream, counts } = exportJsonl({ db, actor, format, consensus: options.consensus, method: options.method, filters });
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await kv.put(snapshotPartKey(artifactKey, parts), Buffer.concat(pending));
      parts += 1;
      pending = [];
      pendingBytes = 0;
    };
    const reader = stream.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      hash.update(chunk);
      size += chunk.byteLength;
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= SNAPSHOT_PART_BYTES) await flush();
    }
    await flush();
    const row = await db.$transaction(async (tx) => {
      const created = await tx.exportSnapshot.create({
        data: {
          id,
          name,
          projectId: projectIds?.length === 1 ? (projectIds[0] ?? null) : null,
          format,
          filters: { filters: filtersToJson(filters), options },
          counts: { ...counts() },
          contentHash: hash.digest("hex"),
          size,
          artifactKey,
          createdById: actor.id,
        },
        select: SNAPSHOT_VIEW_SELECT,
      });
      await recordAudit({
        tx,
        actor,
        action: "snapshot.create",
        targetType: "snapshot",
        targetId: id,
        details: { name, format, ...options, filters: filtersToJson(filters), counts: { ...counts() }, contentHash: created.contentHash, size },
      });
      return created;
    });
    const [manifest] = await snapshotManifests(db, [row]);
    if (!manifest) throw new Error("snapshot manifest missing");
    return manifest;
  } catch (err) {
    for (let i = 0; i < parts; i++) await kv.delete(snapshotPartKey(artifactKey, i));
    throw err;
  }
}
