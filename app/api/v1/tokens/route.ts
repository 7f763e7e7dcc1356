import { createApiToken, listApiTokens, ZCreateApiTokenRequest } from "@/lib/auth";
import { json, readJson, withUser } from "@/lib/http";

export const GET = withUser(async ({ db, user }) => json({ tokens: await listApiTokens({ db, actor: user }) }), {
  role: "ADMIN",
});

export const POST = withUser(
  async ({ req, db, user }) => {
    const body = await readJson(req, ZCreateApiTokenRequest);
    // The token itself is in this response only; the database keeps its hash.
    return json({ token: await createApiToken({ db, actor: user, ...body }) }, { status: 201 });
  },
  { role: "ADMIN" },
);
