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

/** Closes every open comparison except `keep` (their counters stay as they are), so assignment sees only `keep`. */
export async function parkOtherComparisons(db: Db, keep: string[]): Promise<void> {
  await db.comparison.updateMany({ where: { open: true, id: { notIn: keep } }, data: { open: false } });
  // Gold items (never open) are served at their project's gold rate: earlier suites' gold items are archived.
  await db.comparison.updateMany({ where: { gold: true, archivedAt: null, id: { notIn: keep } }, data: { archivedAt: new Date() } });
  // Earlier suites' projects (and what a test worker may still generate into them) are paused: only the kept
  // comparisons' projects are served.
  const projects = await db.comparison.findMany({ where: { id: { in: keep } }, select: { projectId: true }, distinct: ["projectId"] });
  await db.project.updateMany({ where: { status: "ACTIVE", id: { notIn: projects.map((p) => p.projectId) } }, data: { status: "PAUSED" } });
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
