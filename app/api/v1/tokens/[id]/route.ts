import { revokeApiToken } from "@/lib/auth";
import { json, withUser } from "@/lib/http";

export const DELETE = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ token: await revokeApiToken({ db, actor: user, tokenId: params.id }) }),
  { role: "ADMIN" },
);
