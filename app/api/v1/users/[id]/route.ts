import { json, readJson, withUser } from "@/lib/http";
import { updateUser, ZUpdateUserRequest } from "@/lib/users";

// {disabled?, role?, password?} → the account as it is now. 409 for disabling or demoting yourself or the last admin.
export const PATCH = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const body = await readJson(req, ZUpdateUserRequest);
    return json({ user: await updateUser({ db, actor: user, userId: params.id, ...body }) });
  },
  { role: "ADMIN" },
);
