import { json, readJson, withUser } from "@/lib/http";
import { createProject, listMemberProjects, listProjects, ZCreateProjectRequest } from "@/lib/projects";

// Admins: every project with its counts. Labelers: the projects they belong to, with their guidelines.
export const GET = withUser(async ({ db, user }) =>
  json({ projects: user.role === "ADMIN" ? await listProjects({ db, actor: user }) : await listMemberProjects({ db, userId: user.id }) }),
);

export const POST = withUser(
  async ({ req, db, user }) => {
    const project = await readJson(req, ZCreateProjectRequest);
    return json({ project: await createProject({ db, actor: user, project }) }, { status: 201 });
  },
  { role: "ADMIN" },
);
