import { login, SESSION_COOKIE, ZLoginRequest } from "@/lib/auth";
import { clientIp, json, readJson, sessionCookie, withPublic } from "@/lib/http";

export const POST = withPublic(async ({ req, db }) => {
  const body = await readJson(req, ZLoginRequest);
  const { user, secret, expiresAt } = await login({ db, ...body, ip: clientIp(req) });
  return json({ user, expiresAt }, { headers: { "set-cookie": sessionCookie(SESSION_COOKIE, secret, expiresAt) } });
});
