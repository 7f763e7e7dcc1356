// Resolves the caller of a request from `Authorization: Bearer <token>` or the session cookie.
import type { Db } from "@/lib/db";
import { hashSecret } from "./secret";
import { findSessionUser } from "./sessions";
import type { AuthUser } from "./types";

export interface AuthenticateOptions {
  db: Db;
  authorization: string | null;
  sessionSecret: string | null;
}

/** The user behind the credentials, or null. A malformed or revoked token is null, never a fallback to the cookie. */
export async function authenticate({ db, authorization, sessionSecret }: AuthenticateOptions): Promise<AuthUser | null> {
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) return null;
    const token = await db.apiToken.findUnique({
      where: { tokenHash: hashSecret(match[1]) },
      select: {
        id: true,
        revokedAt: true,
        lastUsedAt: true,
        user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } },
      },
    });
    if (!token || token.revokedAt || token.user.disabledAt) return null;
    // lastUsedAt at minute resolution: one write per token per minute, not one per request.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
      await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() }, select: { id: true } });
    }
    const { id, email, name, role } = token.user;
    return { id, email, name, role, via: "token" };
  }
  if (sessionSecret) return findSessionUser({ db, secret: sessionSecret });
  return null;
}
