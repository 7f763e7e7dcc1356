import { json, readJson, withUser } from "@/lib/http";
import { listLabelerPauses, pauseLabeler, ZPauseLabelerRequest } from "@/lib/projects";

export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ pauses: await listLabelerPauses({ db, actor: user, projectId: params.id }) }),
  { role: "ADMIN" },
);

// {userId, reason}: pauses the labeler on the project by hand (409 when already paused, 422 for an unknown user).
export const POST = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const request = await readJson(req, ZPauseLabelerRequest);
    return json({ pause: await pauseLabeler({ db, actor: user, projectId: params.id, ...request }) }, { status: 201 });
  },
  { role: "ADMIN" },
);
