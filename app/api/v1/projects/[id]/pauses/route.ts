import { json, withUser } from "@/lib/http";
import { listLabelerPauses } from "@/lib/projects";

export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ pauses: await listLabelerPauses({ db, actor: user, projectId: params.id }) }),
  { role: "ADMIN" },
);
