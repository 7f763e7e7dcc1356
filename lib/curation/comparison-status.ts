// The status the data browser shows and filters by: archived, else complete once the comparison has all its
// rankings, else open (still collecting rankings, whether or not every slot is held by a lease right now).
import { z } from "zod";

export const ZComparisonStatus = z.enum(["open", "complete", "archived"]);
export type TComparisonStatus = z.infer<typeof ZComparisonStatus>;

export function comparisonStatus(c: { archivedAt: Date | null; rankingCount: number; requiredRankings: number }): TComparisonStatus {
  if (c.archivedAt) return "archived";
  return c.rankingCount >= c.requiredRankings ? "complete" : "open";
}
