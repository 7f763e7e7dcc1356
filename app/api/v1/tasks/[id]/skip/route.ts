import { skipTask, ZSkipTaskRequest } from "@/lib/tasks";
import { json, readJson, withUser } from "@/lib/http";

// Body {reason?}; an empty body is a skip without a reason.
export const POST = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const { reason } = await readJson(req, ZSkipTaskRequest, { empty: {} });
  return json({ skip: await skipTask({ db, userId: user.id, comparisonId: params.id, reason }) });
});
