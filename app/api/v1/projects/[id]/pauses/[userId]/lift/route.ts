import { json, withUser } from "@/lib/http";
import { liftLabelerPause } from "@/lib/projects";

// Lifts the labeler's live pause on the project (404 when there is none).
export const POST = withUser<{ id: string; userId: string }>(
  async ({ db, user, params }) => json({ lift: await liftLabelerPause({ db, actor: user, projectId: params.id, userId: params.userId }) }),
  { role: "ADMIN" },
);
