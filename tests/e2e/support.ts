// Helpers of the e2e suite. Set-up goes through the HTTP API with the suite's admin token (as a script would);
// checks read the server's SQLite database directly (read-only SQL), to see what was really stored.
import { expect, request, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import path from "node:path";

export function uniq(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through playwright.config.ts (global set-up)`);
  return value;
}

let adminApi: APIRequestContext | null = null;

/** An API client authenticated with the suite admin's bearer token. */
export async function admin(): Promise<APIRequestContext> {
  adminApi ??= await request.newContext({
    baseURL: env("PODIUM_E2E_BASE_URL"),
    extraHTTPHeaders: {
      authorization: `Bearer ${env("PODIUM_E2E_ADMIN_TOKEN")}`,
    },
  });
  return adminApi;
}

let database: Database.Database | null = null;

/** Read-only access to the e2e server's database. */
export function db(): Database.Database {
  database ??= new Database(env("PODIUM_E2E_DATABASE_URL").replace(/^file:/, ""), {
    readonly: true,
    fileMustExist: true,
  });
  return database;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
}

export async function createUser({
  role = "LABELER",
  name,
}: { role?: "LABELER" | "ADMIN"; name?: string } = {}): Promise<TestUser> {
  const email = `${uniq(role.toLowerCase())}@test.podium`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const userName = name ?? email.split("@")[0] ?? "user";
  const res = await (await admin()).post("/api/v1/users", { data: { email, name: userName, password, role } });
  expect(res.status(), await res.text()).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  return { id: user.id, email, password, name: userName };
}

export interface ImportItem {
  prompt: string;
  completions?: string[];
  requiredRankings?: number;
}

/** Imports prompts through the API; returns the comparison ids of the imported lines. */
export async function importPrompts(items: ImportItem[]): Promise<string[]> {
  const res = await (await admin()).post("/api/v1/prompts", { data: items });
  expect(res.status(), await res.text()).toBe(201);
  const report = (await res.json()) as {
    results: { status: string; comparisonId?: string | null }[];
  };
  return report.results.flatMap((r) => (r.status === "imported" && r.comparisonId ? [r.comparisonId] : []));
}

/** `count` fresh comparisons with five short completions each. */
export async function createComparisons(count: number): Promise<string[]> {
  const tag = uniq("p");
  return importPrompts(
    Array.from({ length: count }, (_, i) => ({
      prompt: `${tag} prompt ${i}: name a colour.`,
      completions: ["Red.", "Blue, like the sky.", "Green", "A warm yellow.", "Purple — or violet."].map(
        (c) => `${c} (${tag}.${i})`,
      ),
    })),
  );
}

/** A fresh labeler and a few fresh comparisons (so there is always something to rank). */
export async function labelerWithTasks(count = 3): Promise<TestUser> {
  await createComparisons(count);
  return createUser({ role: "LABELER" });
}

export async function setGuidelines(markdown: string): Promise<void> {
  const res = await (await admin()).put("/api/v1/settings/guidelines", { data: { markdown } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Signs in through the API (the page's context shares the cookie); the login form has its own tests. */
export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  const res = await page.request.post("/api/v1/auth/login", {
    data: { email: user.email, password: user.password },
  });
  expect(res.status()).toBe(200);
}

/** Skips tasks through the API until `comparisonId` is the one this labeler holds, so a test knows what it ranks. */
export async function holdTask(req: APIRequestContext, comparisonId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const body = (await (await req.get("/api/v1/tasks/next")).json()) as {
      task: { id: string } | null;
    };
    if (!body.task) break;
    if (body.task.id === comparisonId) return;
    // A cookie-authenticated write must name our origin (CSRF check), as the browser does.
    await req.post(`/api/v1/tasks/${body.task.id}/skip`, {
      data: { reason: "e2e: not this one" },
      headers: { origin: env("PODIUM_E2E_BASE_URL") },
    });
  }
  throw new Error(`comparison ${comparisonId} was never offered`);
}

/** Opens the ranking page and waits for a task; returns its comparison id. */
export async function openRankingPage(page: Page): Promise<string> {
  await page.goto("/label");
  const task = page.getByTestId("task");
  await expect(task).toBeVisible();
  const id = await task.getAttribute("data-task-id");
  if (!id) throw new Error("task without id");
  return id;
}

/** Completion ids in the order shown on screen, best first. */
export async function screenOrder(page: Page): Promise<string[]> {
  return page
    .getByTestId("rank-card")
    .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-completion-id") ?? ""));
}

interface RankingRow {
  order: string;
  shownOrder: string;
}

export function rankingCount(where: { userId: string; comparisonId?: string }): number {
  const row = where.comparisonId
    ? db()
        .prepare(`SELECT COUNT(*) AS n FROM "Ranking" WHERE "userId" = ? AND "comparisonId" = ?`)
        .get(where.userId, where.comparisonId)
    : db().prepare(`SELECT COUNT(*) AS n FROM "Ranking" WHERE "userId" = ?`).get(where.userId);
  return (row as { n: number }).n;
}

/** The ranking stored for (user, comparison), polled until it exists. */
export async function storedRanking(
  userId: string,
  comparisonId: string,
): Promise<{ order: string[]; shownOrder: string[] }> {
  await expect.poll(() => rankingCount({ userId, comparisonId })).toBe(1);
  const row = db()
    .prepare(`SELECT "order", "shownOrder" FROM "Ranking" WHERE "userId" = ? AND "comparisonId" = ?`)
    .get(userId, comparisonId) as RankingRow;
  return {
    order: JSON.parse(row.order) as string[],
    shownOrder: JSON.parse(row.shownOrder) as string[],
  };
}

export function one<T>(sql: string, ...params: unknown[]): T | undefined {
  return db()
    .prepare(sql)
    .get(...params) as T | undefined;
}

/** Where a README screenshot goes: the committed image only on request (PODIUM_UPDATE_SCREENSHOTS=1), else the test output. */
export function screenshotPath(testInfo: TestInfo, name: string): string {
  return process.env.PODIUM_UPDATE_SCREENSHOTS === "1" ? path.join(__dirname, "screenshots", name) : testInfo.outputPath(name);
}
