// Admin: one export snapshot's manifest (filters, options, counts, content hash, size, creator).
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { snapshotManifests, SNAPSHOT_VIEW_SELECT, type SnapshotManifest } from "./export-snapshot-view";

export interface GetExportSnapshotOptions {
  db: Db;
  actor: AuthUser;
  snapshotId: string;
}

export async function getExportSnapshot({ db, actor, snapshotId }: GetExportSnapshotOptions): Promise<SnapshotManifest> {
  requireRole(actor, "ADMIN");
  const row = await db.exportSnapshot.findUnique({ where: { id: snapshotId }, select: SNAPSHOT_VIEW_SELECT });
  const [manifest] = row ? await snapshotManifests(db, [row]) : [];
  if (!manifest) throw new AppError("NOT_FOUND", `No export snapshot with id ${snapshotId}`);
  return manifest;
}
