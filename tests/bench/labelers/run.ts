// Labeler loop benchmark: simulated labelers over real HTTP against the production web server as `npm start`
// runs it (server/web-server.ts: PODIUM_WEB_PROCESSES Next.js processes + the fast lane for the loop's two calls)
// on SQLite, then on PostgreSQL (a fresh database on the local server). Prints Markdown tables:
//   1. N concurrent labelers doing next → rank loops for a bounded time with many comparisons in the database:
//      rankings/s, p50/p95/p99 of each call, errors; beside it the raw insert rate of the same rows on the same
//      database (better-sqlite3, or one `pg` connection; no HTTP) and the ratio.
//      Closed loops without think time: by Little's law each call then waits ≈ N / (2 × rate), so this phase shows
//      the throughput ceiling, not the latency a labeler sees.
//   2. The same N labelers paced to a fixed total of BENCH_RATE rankings/s (each starts a loop every N / RATE s,
//      random phase): the latency at that load. `next` is timed from the loop's scheduled start, so a server that
//      falls behind shows up as latency (no coordinated omission).
//   3. next-task latency (one labeler, sequential) at several database sizes: an index-backed query stays flat (SQLite).
//   4. (`inprocess`) the same loop without HTTP: N labelers calling claimNextTask → submitRanking in this process on
//      a fresh database of each kind — what the database path alone sustains, beside the HTTP figure of phase 1.
// Usage: npx next build && npx tsx tests/bench/labelers/run.ts
// Env: BENCH_DATABASES ("sqlite,postgresql": phases 1–2 on each), BENCH_SECONDS (60), BENCH_LABELERS (32), BENCH_COMPARISONS (100000), BENCH_RATE (300),
//      BENCH_SIZES ("1000,100000"; add 1000000), BENCH_GZIP (1: accept gzip like a browser; 0: identity),
//      BENCH_SCALING_LOOPS (200), BENCH_INPROCESS_LABELERS (8).
import { randomUUID } from "node:crypto";
import { closeDirectConnection, openDb, type DbKind } from "@/lib/db";
import { claimNextTask, submitRanking } from "@/lib/tasks";
import { BenchClient as ApiClient } from "./client";
import { createTestUser } from "@/tests/support/factories";
import { createTestDatabase, startServer, type RunningServer } from "@/tests/support/servers";
import { rawInsertRate, rawInsertRatePg, type RawInsertResult } from "./raw-inserts";
import { assignmentQueryPlan, seedComparisons, seedComparisonsPg } from "./seed";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const LABELERS = Number(process.env.BENCH_LABELERS ?? 32);
const COMPARISONS = Number(process.env.BENCH_COMPARISONS ?? 100_000);
const SIZES = (process.env.BENCH_SIZES ?? "1000,100000").split(",").map(Number);
const SCALING_LOOPS = Number(process.env.BENCH_SCALING_LOOPS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const DATABASES = (process.env.BENCH_DATABASES ?? "sqlite,postgresql").split(",") as DbKind[];
const INPROCESS_LABELERS = Number(process.env.BENCH_INPROCESS_LABELERS ?? 8);

interface Task {
  task: { id: string; completions: { id: string }[] } | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summary(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

function sqliteFile(server: RunningServer): string {
  return server.databaseUrl.slice("file:".length);
}

async function labelers(server: RunningServer, count: number): Promise<{ id: string; api: ApiClient }[]> {
  const db = await openDb({ url: server.databaseUrl });
  const users = [];
  for (let i = 0; i < count; i++) users.push(await createTestUser(db));
  await db.$disconnect();
  return Promise.all(
    users.map(async (u) => {
      const api = new ApiClient(server.baseUrl);
      await api.login(u.email, u.password);
      return { id: u.id, api };
    }),
  );
}

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface LoopStats {
  next: number[];
  rank: number[];
  errors: string[];
  rankings: number;
}

const newStats = (): LoopStats => ({ next: [], rank: [], errors: [], rankings: 0 });

/**
 * One labeler's loop until the deadline: next → rank. `periodMs` paces it (a loop starts every periodMs, from a
 * random phase; `next` is then timed from the scheduled start); without it, loops run back to back.
 */
async function loop(api: ApiClient, until: number, out: LoopStats, periodMs?: number) {
  let scheduled = performance.now() + (periodMs ? Math.random() * periodMs : 0);
  // Paced loops stop at the deadline too: a server far behind the offered rate shows it as latency, not as a longer run.
  while (scheduled < until && performance.now() < until) {
    if (periodMs) {
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    let t = periodMs ? scheduled : performance.now();
    scheduled = periodMs ? scheduled + periodMs : performance.now();
    const next = await api.get<Task>("/api/v1/tasks/next").catch((e: Error) => ({ status: 0, body: { task: null }, text: e.message }));
    out.next.push(performance.now() - t);
    if (next.status !== 200) {
      out.errors.push(`next ${next.status} ${next.text.slice(0, 120)}`);
      continue;
    }
    const task = next.body.task;
    if (!task) return;
    t = performance.now();
    const res = await api
      .post(`/api/v1/tasks/${task.id}/ranking`, { ranking: shuffled(task.completions.map((c) => c.id)), durationMs: 1000, idempotencyKey: randomUUID() })
      .catch((e: Error) => ({ status: 0, text: e.message }));
    out.rank.push(performance.now() - t);
    if (res.status !== 201) out.errors.push(`rank ${res.status} ${res.text.slice(0, 120)}`);
    else out.rankings++;
    if (!periodMs) scheduled = performance.now();
  }
}

function callTable(out: LoopStats): string[] {
  const next = summary(out.next);
  const rank = summary(out.rank);
  return [
    "| call | n | p50 ms | p95 ms | p99 ms | max ms |",
    "|---|---|---|---|---|---|",
    `| GET /tasks/next | ${next.n} | ${f1(next.p50)} | ${f1(next.p95)} | ${f1(next.p99)} | ${f1(next.max)} |`,
    `| POST /tasks/:id/ranking | ${rank.n} | ${f1(rank.p50)} | ${f1(rank.p95)} | ${f1(rank.p99)} | ${f1(rank.max)} |`,
  ];
}

function errorSummary(out: LoopStats): string {
  const kinds = [...new Set(out.errors.map((e) => e.slice(0, 60)))].slice(0, 5);
  return `${out.errors.length}${kinds.length ? ` (${kinds.join("; ")})` : ""}`;
}

const DATABASE_NAMES: Record<DbKind, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };
const RAW_WRITERS: Record<DbKind, string> = { sqlite: "better-sqlite3", postgresql: "one `pg` connection" };

async function throughput(kind: DbKind): Promise<string[]> {
  const server = await startServer({ kind });
  try {
    let t = performance.now();
    if (kind === "sqlite") seedComparisons({ file: sqliteFile(server), count: COMPARISONS, requiredRankings: 3, distinctTexts: true });
    else await seedComparisonsPg({ url: server.databaseUrl, count: COMPARISONS, requiredRankings: 3, distinctTexts: true });
    const seedSeconds = (performance.now() - t) / 1000;
    const users = await labelers(server, LABELERS);
    // Warm-up (JIT, connection pools, page cache): 3 s, not counted.
    const warm = newStats();
    const warmUntil = performance.now() + 3000;
    await Promise.all(users.map((u) => loop(u.api, warmUntil, warm)));
    const out = newStats();
    t = performance.now();
    await Promise.all(users.map((u) => loop(u.api, t + SECONDS * 1000, out)));
    const elapsed = (performance.now() - t) / 1000;
    // Paced: the same labelers offering RATE rankings/s in total.
    const paced = newStats();
    const pacedT = performance.now();
    await Promise.all(users.map((u) => loop(u.api, pacedT + SECONDS * 1000, paced, (LABELERS / RATE) * 1000)));
    const pacedElapsed = (performance.now() - pacedT) / 1000;
    const db = await openDb({ url: server.databaseUrl });
    const over = await db.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS "n" FROM "Comparison" WHERE "slotsTaken" > "requiredRankings" OR "rankingCount" > "requiredRankings"`;
    const rankingRows = await db.ranking.count();
    const rawUsers = [];
    for (let i = 0; i < (kind === "sqlite" ? 1 : 1 + LABELERS); i++) rawUsers.push((await createTestUser(db)).id);
    await db.$disconnect();
    // The server is idle now; the raw writer uses the same database (SQLite: the same file, pragmas and WAL).
    const [rawUser, ...concurrentUsers] = rawUsers as [string, ...string[]];
    const raw: RawInsertResult =
      kind === "sqlite"
        ? rawInsertRate({ file: sqliteFile(server), seconds: 10, userId: rawUser })
        : await rawInsertRatePg({ url: server.databaseUrl, seconds: 10, userIds: [rawUser] });
    // PostgreSQL also serves concurrent writers faster than one (group commit, more backends): the upper bound there.
    const concurrent = kind === "postgresql" ? await rawInsertRatePg({ url: server.databaseUrl, seconds: 10, userIds: concurrentUsers }) : null;
    const rate = out.rankings / elapsed;
    return [
      `### ${LABELERS} labelers × ${SECONDS} s, ${COMPARISONS.toLocaleString("en")} comparisons (${DATABASE_NAMES[kind]}, web server with ${process.env.PODIUM_WEB_PROCESSES ?? "default"} processes)`,
      "",
      `Seeded in ${seedSeconds.toFixed(1)} s. Rankings stored: ${out.rankings} closed-loop + ${paced.rankings} paced (+ ${warm.rankings} in warm-up; ${rankingRows} rows in the DB). Over-assigned comparisons: ${Number(over[0]?.n ?? -1)}.`,
      "",
      "Closed loops (each labeler's next request as soon as the last one answered): the throughput ceiling.",
      "",
      "| measure | value |",
      "|---|---|",
      `| rankings/s over HTTP | **${rate.toFixed(1)}** |`,
      `| raw insert rate of the same rows (${RAW_WRITERS[kind]}, 2 tx per ranking) | ${raw.perSecond.toFixed(0)} rankings/s |`,
      `| HTTP ÷ raw | ${(rate / raw.perSecond).toFixed(3)} |`,
      ...(concurrent
        ? [
            `| raw insert rate, ${LABELERS} connections at once | ${concurrent.perSecond.toFixed(0)} rankings/s |`,
            `| HTTP ÷ raw with ${LABELERS} connections | ${(rate / concurrent.perSecond).toFixed(3)} |`,
          ]
        : []),
      `| errors | ${errorSummary(out)} |`,
      "",
      ...callTable(out),
      "",
      `Paced: the same ${LABELERS} labelers offering ${RATE} rankings/s in total (achieved ${(paced.rankings / pacedElapsed).toFixed(1)}/s, errors ${errorSummary(paced)}); \`next\` timed from each loop's scheduled start.`,
      "",
      ...callTable(paced),
      "",
    ];
  } finally {
    await server.stop().catch(() => undefined);
  }
}

async function scaling(): Promise<string[]> {
  const lines = [
    `### next-task latency by database size (1 labeler, ${SCALING_LOOPS} sequential next → rank loops)`,
    "",
    "| comparisons | seed s | next p50 ms | next p95 ms | next p99 ms | rank p50 ms | rank p95 ms |",
    "|---|---|---|---|---|---|---|",
  ];
  let plan: string[] = [];
  for (const size of SIZES) {
    const server = await startServer({ kind: "sqlite" });
    try {
      const t = performance.now();
      seedComparisons({ file: sqliteFile(server), count: size, requiredRankings: 3, distinctTexts: false });
      const seedSeconds = (performance.now() - t) / 1000;
      console.error(`[bench] ${size} comparisons seeded in ${seedSeconds.toFixed(1)} s`);
      const [user] = await labelers(server, 1);
      const out = newStats();
      // Warm-up of 20 loops, then the measured ones.
      for (let i = 0; i < 20; i++) await loopOnce(user!.api, newStats());
      for (let i = 0; i < SCALING_LOOPS; i++) await loopOnce(user!.api, out);
      console.error(`[bench] ${size}: ${out.next.length} loops measured`);
      plan = assignmentQueryPlan(sqliteFile(server));
      const n = summary(out.next);
      const r = summary(out.rank);
      lines.push(`| ${size.toLocaleString("en")} | ${seedSeconds.toFixed(1)} | ${f1(n.p50)} | ${f1(n.p95)} | ${f1(n.p99)} | ${f1(r.p50)} | ${f1(r.p95)} |${out.errors.length ? ` errors: ${out.errors.length}` : ""}`);
    } finally {
      await server.stop().catch(() => undefined);
    }
  }
  lines.push("", "Query plan of the assignment query (SQLite):", "", "```", ...plan, "```", "");
  return lines;
}

async function inProcess(): Promise<string[]> {
  const lines = [
    `### The loop without HTTP (${INPROCESS_LABELERS} labelers in one process calling claimNextTask → submitRanking, ${SECONDS} s, 20,000 comparisons)`,
    "",
    "| database | loops/s | errors |",
    "|---|---|---|",
  ];
  for (const kind of DATABASES) {
    const database = await createTestDatabase(kind);
    try {
      if (kind === "sqlite") seedComparisons({ file: database.url.slice("file:".length), count: 20_000 });
      else await seedComparisonsPg({ url: database.url, count: 20_000 });
      const db = await openDb({ url: database.url });
      const users = [];
      for (let i = 0; i < INPROCESS_LABELERS; i++) users.push(await createTestUser(db));
      let loops = 0;
      const errors: string[] = [];
      const run = async (userId: string, until: number) => {
        while (performance.now() < until) {
          try {
            const { task } = await claimNextTask({ db, userId, leaseSeconds: 600 });
            if (!task) return;
            await submitRanking({ db, userId, comparisonId: task.id, ranking: shuffled(task.completions.map((c) => c.id)) });
            loops++;
            // As a server between requests: timers and I/O get their turn (work a ranking schedules runs here too).
            await new Promise((resolve) => setImmediate(resolve));
          } catch (err) {
            errors.push(String(err).slice(0, 60));
          }
        }
      };
      await Promise.all(users.map((u) => run(u.id, performance.now() + 2000))); // warm-up
      loops = 0;
      const t = performance.now();
      await Promise.all(users.map((u) => run(u.id, t + SECONDS * 1000)));
      const rate = loops / ((performance.now() - t) / 1000);
      lines.push(`| ${DATABASE_NAMES[kind]} | **${rate.toFixed(1)}** | ${errors.length}${errors.length ? ` (${[...new Set(errors)].slice(0, 3).join("; ")})` : ""} |`);
      if (kind === "sqlite") closeDirectConnection(db);
      await db.$disconnect();
    } finally {
      await database.drop();
    }
  }
  lines.push("");
  return lines;
}

async function loopOnce(api: ApiClient, out: LoopStats) {
  let t = performance.now();
  const next = await api.get<Task>("/api/v1/tasks/next");
  out.next.push(performance.now() - t);
  const task = next.body.task;
  if (next.status !== 200 || !task) {
    out.errors.push(`next ${next.status}`);
    return;
  }
  t = performance.now();
  const res = await api.post(`/api/v1/tasks/${task.id}/ranking`, { ranking: task.completions.map((c) => c.id) });
  out.rank.push(performance.now() - t);
  if (res.status !== 201) out.errors.push(`rank ${res.status}`);
}

async function main() {
  const which = process.argv[2] ?? "all";
  // Each section is printed as soon as it is measured.
  console.log([`## Labeler loop benchmark (${new Date().toISOString()}, ${process.env.BENCH_NOTE ?? "2 shared cores"})`, ""].join("\n"));
  if (which === "all" || which === "throughput") for (const kind of DATABASES) console.log((await throughput(kind)).join("\n"));
  if (which === "all" || which === "scaling") console.log((await scaling()).join("\n"));
  if (which === "all" || which === "inprocess") console.log((await inProcess()).join("\n"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
