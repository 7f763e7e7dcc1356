import { skipTask, ZSkipTaskRequest } from "@/lib/tasks";
import { json, readText, parseJsonText, withUser } from "@/lib/http";

// Body {reason?}; an empty body is a skip without a reason.
export const POST = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const text = await readText(req);
  const { reason } = ZSkipTaskRequest.parse(text.trim() === "" ? {} : parseJsonText(text));
  return json({ skip: await skipTask({ db, userId: user.id, comparisonId: params.id, reason }) });
});
