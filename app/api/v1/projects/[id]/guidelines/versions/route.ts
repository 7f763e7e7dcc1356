import { json, withUser } from "@/lib/http";
import { listGuidelinesVersions } from "@/lib/projects";

export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ versions: await listGuidelinesVersions({ db, actor: user, projectId: params.id }) }),
  { role: "ADMIN" },
);
