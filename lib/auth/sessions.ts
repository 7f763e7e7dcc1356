// Server-side sessions: the cookie carries a random secret, the database its hash and expiry.
import type { Db } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { hashSecret, newSecret } from "./secret";
import type { AuthUser } from "./types";

export const SESSION_COOKIE = "podium_session";

export interface CreateSessionOptions {
  db: Db;
  userId: string;
  now?: Date;
}

export async function createSession({ db, userId, now = new Date() }: CreateSessionOptions) {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + getConfig().PODIUM_SESSION_TTL_HOURS * 3600_000);
  await db.session.create({ data: { tokenHash: hashSecret(secret), userId, expiresAt }, select: { id: true } });
  return { secret, expiresAt };
}

export async function findSessionUser({ db, secret }: { db: Db; secret: string }): Promise<AuthUser | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashSecret(secret) },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!session || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  const { id, email, name, role } = session.user;
  return { id, email, name, role, via: "session" };
}

export async function deleteSession({ db, secret }: { db: Db; secret: string }): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashSecret(secret) } });
}
