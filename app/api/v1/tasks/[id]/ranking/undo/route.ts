import { getConfig } from "@/lib/config";
import { undoRanking, ZUndoRankingRequest } from "@/lib/tasks";
import { json, readJson, withUser } from "@/lib/http";

// Takes back the caller's latest ranking of this task within PODIUM_UNDO_SECONDS; body {rankingId?} (may be empty).
// 200 {undoneRankingId, order, task} with a live lease again; 404/403/409 with details.reason when refused.
export const POST = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const { rankingId } = await readJson(req, ZUndoRankingRequest, { empty: {} });
  const config = getConfig();
  const result = await undoRanking({
    db,
    userId: user.id,
    comparisonId: params.id,
    rankingId,
    windowSeconds: config.PODIUM_UNDO_SECONDS,
    leaseSeconds: config.PODIUM_LEASE_SECONDS,
  });
  return json(result);
});
