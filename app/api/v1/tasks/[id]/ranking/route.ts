import { submitRanking, ZIdempotencyKey, ZSubmitRankingRequest } from "@/lib/tasks";
import { json, readJson, withUser } from "@/lib/http";

// Body {ranking: [completionId × 5] best first, durationMs?, idempotencyKey?}; the key may also come as the
// Idempotency-Key header. 201 when stored, 200 for a retry of a stored ranking.
export const POST = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const body = await readJson(req, ZSubmitRankingRequest);
  const header = req.headers.get("idempotency-key");
  const idempotencyKey = body.idempotencyKey ?? (header === null ? undefined : ZIdempotencyKey.parse(header));
  const result = await submitRanking({ db, userId: user.id, comparisonId: params.id, ...body, idempotencyKey });
  return json({ ranking: result.ranking }, { status: result.created ? 201 : 200 });
});
