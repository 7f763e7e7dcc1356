import { getTask } from "@/lib/tasks";
import { json, withUser } from "@/lib/http";

export const GET = withUser<{ id: string }>(async ({ db, user, params }) =>
  json({ task: await getTask({ db, actor: user, comparisonId: params.id }) }),
);
