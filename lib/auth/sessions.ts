// Server-side sessions: the cookie carries a random secret, the database its hash and expiry.
import { asDate, asString, columns, nullable, one, Prisma, runSteps, type Db } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { hashSecret, newSecret } from "./secret";
import { ZRole, type AuthUser } from "./types";

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

const SessionUserRow = columns({
  expiresAt: asDate,
  id: asString,
  email: asString,
  name: asString,
  role: asString,
  disabledAt: nullable(asDate),
});

/** The user of a live session. One indexed join on the direct path of lib/db/sql-steps: it runs on every request. */
export async function findSessionUser({ db, secret }: { db: Db; secret: string }): Promise<AuthUser | null> {
  const tokenHash = hashSecret(secret);
  const row = await runSteps(
    db,
    () =>
      one(
        Prisma.sql`
        SELECT s."expiresAt", u."id", u."email", u."name", u."role", u."disabledAt"
        FROM "Session" s JOIN "User" u ON u."id" = s."userId"
        WHERE s."tokenHash" = ${tokenHash}`,
        SessionUserRow,
      ),
    { write: false },
  );
  if (!row || row.expiresAt <= new Date() || row.disabledAt !== null) return null;
  const role = ZRole.parse(row.role);
  return { id: row.id, email: row.email, name: row.name, role, via: "session" };
}

export async function deleteSession({ db, secret }: { db: Db; secret: string }): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashSecret(secret) } });
}
