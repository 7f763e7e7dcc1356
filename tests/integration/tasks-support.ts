// Shared by the task and export integration tests: signed-in labelers, and "parking" every other open comparison of
// the (shared) test database so that only a test's own comparisons are candidates for assignment.
import type { Db } from "@/lib/db";
import { createTestUser, type TestUser } from "../support/factories";
import { ApiClient } from "./harness";

export interface Labeler extends TestUser {
  api: ApiClient;
}

export async function signedInUser(db: Db, baseUrl: string, role: "LABELER" | "ADMIN" = "LABELER"): Promise<Labeler> {
  const user = await createTestUser(db, { role });
  const api = new ApiClient(baseUrl);
  await api.login(user.email, user.password);
  return { ...user, api };
}

export async function signedInUsers(db: Db, baseUrl: string, count: number): Promise<Labeler[]> {
  return Promise.all(Array.from({ length: count }, () => signedInUser(db, baseUrl)));
}

/**
 * Closes every open comparison except `keep`, so assignment sees only `keep`. Their held leases are released first
 * (slotsTaken back to the rankings), or the expiry of a lease that an earlier suite left would reopen its comparison
 * at the next claim (lib/tasks/release-expired-leases).
 */
export async function parkOtherComparisons(db: Db, keep: string[]): Promise<void> {
  const held = await db.lease.findMany({ where: { slotHeld: true, comparisonId: { notIn: keep } }, select: { id: true, comparisonId: true } });
  if (held.length) {
    await db.lease.updateMany({ where: { id: { in: held.map((l) => l.id) } }, data: { slotHeld: false } });
    const perComparison = new Map<string, number>();
    for (const l of held) perComparison.set(l.comparisonId, (perComparison.get(l.comparisonId) ?? 0) + 1);
    for (const [id, n] of perComparison) await db.comparison.update({ where: { id }, data: { slotsTaken: { decrement: n } } });
  }
  await db.comparison.updateMany({ where: { open: true, id: { notIn: keep } }, data: { open: false } });
  // Gold items (never open) are served at their project's gold rate: earlier suites' gold items are archived.
  await db.comparison.updateMany({ where: { gold: true, archivedAt: null, id: { notIn: keep } }, data: { archivedAt: new Date() } });
}

export interface TaskBody {
  task: {
    id: string;
    prompt: { id: string; text: string };
    completions: { id: string; text: string }[];
    leaseExpiresAt: string | null;
  } | null;
}

export interface RankingBody {
  ranking: { id: string; comparisonId: string; order: string[]; shownOrder: string[]; durationMs: number | null; createdAt: string };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
