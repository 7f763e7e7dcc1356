import { json, readJson, withUser } from "@/lib/http";
import { getMemberProject, getProject, updateProject, ZUpdateProjectRequest } from "@/lib/projects";

// Admins read every project; a labeler reads a project they belong to (404 otherwise).
export const GET = withUser<{ id: string }>(async ({ db, user, params }) =>
  json({
    project:
      user.role === "ADMIN"
        ? await getProject({ db, actor: user, projectId: params.id })
        : await getMemberProject({ db, userId: user.id, projectId: params.id }),
  }),
);

// Any subset of the settings; new guidelines bump guidelinesVersion.
export const PATCH = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const changes = await readJson(req, ZUpdateProjectRequest);
    return json({ project: await updateProject({ db, actor: user, projectId: params.id, changes }) });
  },
  { role: "ADMIN" },
);
