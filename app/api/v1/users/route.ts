import { json, readJson, withUser } from "@/lib/http";
import { createUser, listUsers, ZCreateUserRequest } from "@/lib/users";

export const GET = withUser(async ({ db, user }) => json({ users: await listUsers({ db, actor: user }) }), { role: "ADMIN" });

export const POST = withUser(
  async ({ req, db, user }) => {
    const body = await readJson(req, ZCreateUserRequest);
    return json({ user: await createUser({ db, actor: user, ...body }) }, { status: 201 });
  },
  { role: "ADMIN" },
);
