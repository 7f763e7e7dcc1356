// Email + password login, rate-limited per account and per IP over a sliding window of failed attempts
// (stored in the database, so every web replica sees the same counts).
import type { Db } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession } from "./sessions";

export const ZLoginRequest = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export interface LoginOptions extends TLoginRequest {
  db: Db;
  ip: string;
}

export async function login({ db, email, password, ip }: LoginOptions) {
  const config = getConfig();
  const windowStart = new Date(Date.now() - config.PODIUM_LOGIN_WINDOW_SECONDS * 1000);
  const [accountFailures, ipFailures] = await Promise.all([
    db.loginAttempt.count({ where: { email, success: false, createdAt: { gt: windowStart } } }),
    db.loginAttempt.count({ where: { ip, success: false, createdAt: { gt: windowStart } } }),
  ]);
  if (accountFailures >= config.PODIUM_LOGIN_MAX_FAILURES_PER_ACCOUNT || ipFailures >= config.PODIUM_LOGIN_MAX_FAILURES_PER_IP) {
    throw new AppError("RATE_LIMITED", "Too many failed login attempts; try again later", {
      retryAfterSeconds: config.PODIUM_LOGIN_WINDOW_SECONDS,
    });
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  const success = ok && !!user && !user.disabledAt;
  await db.loginAttempt.create({ data: { email, ip, success }, select: { id: true } });
  if (!success || !user) throw new AppError("UNAUTHENTICATED", "Wrong email or password");

  await pruneExpired(db, user.id);
  const session = await createSession({ db, userId: user.id });
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, ...session };
}

let lastPrune = 0;

/** Drops the user's expired sessions, and (at most every 10 minutes per process) login attempts older than a day. */
async function pruneExpired(db: Db, userId: string): Promise<void> {
  const now = Date.now();
  await db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date(now) } } });
  if (now - lastPrune < 600_000) return;
  lastPrune = now;
  await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now - 86_400_000) } } });
}
