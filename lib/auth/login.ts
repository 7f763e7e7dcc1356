// Email + password login, rate-limited per account and per IP over a sliding window of failed attempts, stored in
// the database so that every web process and replica sees the same counts. Each attempt takes its slot atomically
// before the password is checked (./reserve-login-attempt.ts): concurrent logins cannot outrun the limit.
import type { Db } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { dummyPasswordHash, verifyPassword } from "./password";
import { reserveLoginAttempt } from "./reserve-login-attempt";
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

/** How long an over-limit login waits for attempts in flight to finish before it is refused with 429. */
const PENDING_WAIT_MS = 3000;

export async function login({ db, email, password, ip }: LoginOptions) {
  const config = getConfig();
  const reserve = () =>
    reserveLoginAttempt({
      db,
      email,
      ip,
      maxFailuresPerAccount: config.PODIUM_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: config.PODIUM_LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: config.PODIUM_LOGIN_WINDOW_SECONDS,
    });
  // An attempt in flight holds its slot until its password check ends, so a burst of correct logins from one address
  // (a team behind one NAT signing in at once) can fill the per-address budget for a moment: wait for those slots to
  // free before refusing. Real failures stay counted, so an attacker is refused after the wait all the same.
  let attemptId = await reserve();
  for (
    let delayMs = 25, waited = 0;
    !attemptId && waited < PENDING_WAIT_MS;
    waited += delayMs, delayMs = Math.min(delayMs * 2, 400)
  ) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    attemptId = await reserve();
  }
  if (!attemptId) {
    throw new AppError("RATE_LIMITED", "Too many failed login attempts; try again later", {
      retryAfterSeconds: config.PODIUM_LOGIN_WINDOW_SECONDS,
    });
  }

  // From here on the attempt counts as a failure unless it is marked a success below (also if this throws).
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!ok || !user || user.disabledAt) throw new AppError("UNAUTHENTICATED", "Wrong email or password");
  await db.loginAttempt.update({ where: { id: attemptId }, data: { success: true }, select: { id: true } });

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
