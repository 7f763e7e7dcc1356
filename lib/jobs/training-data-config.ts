// What a reward or DPO job trains on: an export snapshot (its stored content, so the job cites exactly the data it
// used) or the live rankings under the export filters (default: every project, gold and excluded comparisons left out).
import { z } from "zod";
import { ZExportFilters } from "@/lib/data/export-filters";

export const ZTrainingDataConfig = z
  .union([
    z.strictObject({ snapshotId: z.string().trim().min(1).max(64) }),
    z.strictObject({ filters: ZExportFilters.prefault({}) }),
  ])
  .prefault({ filters: {} })
  .describe('{"snapshotId": "…"}: an export snapshot\'s stored content (cited by the job); {"filters": {…}}: the live rankings under the export filters.');
export type TTrainingDataConfig = z.infer<typeof ZTrainingDataConfig>;
