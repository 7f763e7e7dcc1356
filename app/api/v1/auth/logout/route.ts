import { deleteSession, SESSION_COOKIE } from "@/lib/auth";
import { clearedCookie, json, readCookie, withPublic } from "@/lib/http";

export const POST = withPublic(async ({ req, db }) => {
  const secret = readCookie(req, SESSION_COOKIE);
  if (secret) await deleteSession({ db, secret });
  return json({ ok: true }, { headers: { "set-cookie": clearedCookie(SESSION_COOKIE) } });
});
