// The login rate limit's slot: counts an account's and an address's failed attempts in the window and, if both are
// under their limits, records this attempt as a failure — in one transaction, before the password is checked.
// So the limit holds however many logins arrive at once, in however many processes and replicas: on SQLite the
// transaction holds the database's write lock (BEGIN IMMEDIATE, lib/db/sql-steps); on PostgreSQL it takes
// transaction-scoped advisory locks on the account and on the address (in that order, so two never deadlock).
// A successful login then marks its row a success (lib/auth/login.ts), which frees the slot.
import { asNumber, columns, dbKind, one, Prisma, run, runSteps, timestamp, type Db } from "@/lib/db";
import { sha256Hex } from "@/lib/util/hash";
import { newId } from "@/lib/util/id";

export interface ReserveLoginAttemptOptions {
  db: Db;
  email: string;
  ip: string;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  now?: Date;
}

/** The reserved attempt's id, or null when the account or the address is at its limit (nothing recorded then). */
export async function reserveLoginAttempt({
  db,
  email,
  ip,
  maxFailuresPerAccount,
  maxFailuresPerIp,
  windowSeconds,
  now = new Date(),
}: ReserveLoginAttemptOptions): Promise<string | null> {
  const postgres = dbKind(db) === "postgresql";
  const since = timestamp(db, new Date(now.getTime() - windowSeconds * 1000));
  return runSteps(
    db,
    function* () {
      if (postgres) {
        yield* run(Prisma.sql`SELECT pg_advisory_xact_lock(CAST(${lockKey(`account:${email}`)} AS BIGINT))`);
        yield* run(Prisma.sql`SELECT pg_advisory_xact_lock(CAST(${lockKey(`ip:${ip}`)} AS BIGINT))`);
      }
      const failures = yield* one(
        Prisma.sql`
        SELECT
          (SELECT COUNT(*) FROM "LoginAttempt" WHERE "email" = ${email} AND "success" = false AND "createdAt" > ${since}) AS "account",
          (SELECT COUNT(*) FROM "LoginAttempt" WHERE "ip" = ${ip} AND "success" = false AND "createdAt" > ${since}) AS "address"`,
        columns({ account: asNumber, address: asNumber }),
      );
      if ((failures?.account ?? 0) >= maxFailuresPerAccount || (failures?.address ?? 0) >= maxFailuresPerIp)
        return null;
      const id = newId();
      yield* run(Prisma.sql`
        INSERT INTO "LoginAttempt" ("id", "email", "ip", "success", "createdAt")
        VALUES (${id}, ${email}, ${ip}, false, ${timestamp(db, now)})`);
      return id;
    },
    { write: true },
  );
}

/** A 64-bit advisory lock key of Podium's login limit (signed, as pg_advisory_xact_lock takes it). */
function lockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256Hex(`podium:login:${name}`).slice(0, 16)}`)).toString();
}
