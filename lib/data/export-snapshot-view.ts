// The manifest of an export snapshot (API and admin page): what was exported (format, options, filters), what it
// holds (counts), and how to check the bytes (SHA-256 content hash and size), with who made it and when.
import { z } from "zod";
import type { Db, Prisma } from "@/lib/db";
import { ZExportFilters, type TExportFilters } from "./export-filters";

export const ZSnapshotOptions = z.strictObject({
  /** pairwise: one row per pair of the consensus order instead of every pair of every ranking. */
  consensus: z.boolean().default(false),
  method: z.enum(["ranked-pairs", "bradley-terry"]).default("ranked-pairs"),
});
export type TSnapshotOptions = z.infer<typeof ZSnapshotOptions>;

/** ExportSnapshot.filters as stored: the filters and the format's options. */
export const ZStoredSnapshotSettings = z.object({ filters: ZExportFilters, options: ZSnapshotOptions });

export const ZSnapshotCounts = z.object({
  comparisons: z.number(),
  rankings: z.number(),
  pairs: z.number(),
  labelers: z.number(),
});

export const SNAPSHOT_VIEW_SELECT = {
  id: true,
  name: true,
  projectId: true,
  format: true,
  filters: true,
  counts: true,
  contentHash: true,
  size: true,
  artifactKey: true,
  createdById: true,
  createdAt: true,
} as const satisfies Prisma.ExportSnapshotSelect;

export type SnapshotRow = Prisma.ExportSnapshotGetPayload<{ select: typeof SNAPSHOT_VIEW_SELECT }>;

export interface SnapshotManifest {
  id: string;
  name: string;
  /** The one project the filters name, or null. */
  projectId: string | null;
  format: string;
  options: TSnapshotOptions;
  filters: TExportFilters;
  counts: z.infer<typeof ZSnapshotCounts>;
  /** SHA-256 (hex) of the exact bytes the download sends. */
  contentHash: string;
  size: number;
  createdBy: { id: string; name: string; email: string } | null;
  createdAt: Date;
  downloadUrl: string;
}

/** Manifests of the rows, with their creators' names (one query for all of them). */
export async function snapshotManifests(db: Db, rows: SnapshotRow[]): Promise<SnapshotManifest[]> {
  const creatorIds = [...new Set(rows.flatMap((r) => (r.createdById ? [r.createdById] : [])))];
  const creators = creatorIds.length
    ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(creators.map((u) => [u.id, u]));
  return rows.map((r) => {
    const settings = ZStoredSnapshotSettings.parse(r.filters);
    return {
      id: r.id,
      name: r.name,
      projectId: r.projectId,
      format: r.format,
      options: settings.options,
      filters: settings.filters,
      counts: ZSnapshotCounts.parse(r.counts),
      contentHash: r.contentHash,
      size: r.size,
      createdBy: (r.createdById ? byId.get(r.createdById) : undefined) ?? null,
      createdAt: r.createdAt,
      downloadUrl: `/api/v1/exports/snapshots/${r.id}/download`,
    };
  });
}
