import { json, readJson, withUser } from "@/lib/http";
import { setProjectMembers, ZSetProjectMembersRequest } from "@/lib/projects";

// {userIds}: the complete member list (replaces the previous one).
export const PUT = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const { userIds } = await readJson(req, ZSetProjectMembersRequest);
    return json(await setProjectMembers({ db, actor: user, projectId: params.id, userIds }));
  },
  { role: "ADMIN" },
);
