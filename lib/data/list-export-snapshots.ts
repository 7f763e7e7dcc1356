// Admin: the export snapshots, newest first (optionally of one project), as manifests.
import { z } from "zod";
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { snapshotManifests, SNAPSHOT_VIEW_SELECT, type SnapshotManifest } from "./export-snapshot-view";

export const ZListSnapshotsQuery = z.strictObject({
  projectId: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TListSnapshotsQuery = z.infer<typeof ZListSnapshotsQuery>;

export interface ListExportSnapshotsOptions extends TListSnapshotsQuery {
  db: Db;
  actor: AuthUser;
}

export async function listExportSnapshots({ db, actor, projectId, limit }: ListExportSnapshotsOptions): Promise<SnapshotManifest[]> {
  requireRole(actor, "ADMIN");
  const rows = await db.exportSnapshot.findMany({
    where: projectId ? { projectId } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: SNAPSHOT_VIEW_SELECT,
  });
  return snapshotManifests(db, rows);
}
