import { json, withUser } from "@/lib/http";

export const GET = withUser(async ({ user }) => {
  const { id, email, name, role } = user;
  return json({ user: { id, email, name, role } });
});
