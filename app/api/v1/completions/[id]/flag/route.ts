import { flagCompletion, ZFlagCompletionRequest } from "@/lib/tasks";
import { json, readJson, withUser } from "@/lib/http";

// Body {reason: "harmful" | "broken" | "other", note?} → 201 {flag}.
export const POST = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const body = await readJson(req, ZFlagCompletionRequest);
  return json({ flag: await flagCompletion({ db, actor: user, completionId: params.id, ...body }) }, { status: 201 });
});
