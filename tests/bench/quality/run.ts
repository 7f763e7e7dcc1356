// Quality console and data browser benchmark: the production web server on a database of BENCH_QUALITY_COMPARISONS
// comparisons (100,000) × 3 rankings by 50 labelers in 2 projects, then GET /api/v1/projects/:id/quality over HTTP,
// BENCH_RUNS times after one warm-up (median and worst), beside the labeler's-rankings route, the data browser's
// queries (comparison lists with filters, prompt text search, one comparison's page, the flags list) and
// GET /api/v1/stats?projectId on the same data. Prints a Markdown table per database.
// Usage: npx next build && npx tsx tests/bench/quality/run.ts
// Env: BENCH_DATABASES ("sqlite,postgresql"), BENCH_QUALITY_COMPARISONS (100000), BENCH_RUNS (7), BENCH_STATS (1: also time /stats).
import { openDb, type DbKind } from "@/lib/db";
import { createTestUser } from "@/tests/support/factories";
import { startServer } from "@/tests/support/servers";
import { BenchClient } from "../labelers/client";
import { COMMON_WORD, RARE_WORD, seedQualityPg, seedQualitySqlite } from "./seed";

const COMPARISONS = Number(process.env.BENCH_QUALITY_COMPARISONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DATABASES = (process.env.BENCH_DATABASES ?? "sqlite,postgresql").split(",") as DbKind[];
const WITH_STATS = process.env.BENCH_STATS !== "0";
const OPTIONS = { comparisons: COMPARISONS, rankingsPerComparison: 3, labelers: 50, projects: 2 };

async function timed(api: BenchClient, path: string, runs: number): Promise<{ median: number; max: number; status: number }> {
  let status = 0;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const res = await api.get<unknown>(path);
    const ms = performance.now() - start;
    status = res.status;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 300)}`);
    if (i > 0) times.push(ms); // the first run warms the route up
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, max: times.at(-1) as number, status };
}

async function main(): Promise<void> {
  console.log(`${COMPARISONS} comparisons × ${OPTIONS.rankingsPerComparison} rankings, ${OPTIONS.labelers} labelers, ${OPTIONS.projects} projects; median of ${RUNS} runs after a warm-up\n`);
  for (const kind of DATABASES) {
    const server = await startServer({ kind });
    try {
      const seedStart = performance.now();
      const seeded =
        kind === "sqlite" ? await seedQualitySqlite(server.databaseUrl.slice("file:".length), OPTIONS) : await seedQualityPg(server.databaseUrl, OPTIONS);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const db = await openDb({ url: server.databaseUrl });
      const admin = await createTestUser(db, { role: "ADMIN" });
      const project = seeded.projectIds[0] as string;
      const busiest = await db.ranking.groupBy({ by: ["userId"], where: { projectId: project }, _count: { _all: true }, orderBy: { _count: { userId: "desc" } }, take: 1 });
      const labelerId = busiest[0]?.userId ?? "";
      const middle = await db.comparison.findFirstOrThrow({ where: { projectId: project }, orderBy: { createdAt: "asc" }, skip: Math.floor(COMPARISONS / 4), select: { id: true } });
      await db.$disconnect();
      const api = new BenchClient(server.baseUrl);
      await api.login(admin.email, admin.password);
      const rows: [string, { median: number; max: number }][] = [
        ["GET /projects/:id/quality (day buckets, 30 days)", await timed(api, `/api/v1/projects/${project}/quality`, RUNS)],
        ["GET /projects/:id/quality?bucket=hour (48 hours)", await timed(api, `/api/v1/projects/${project}/quality?bucket=hour`, RUNS)],
        ["GET /projects/:id/labelers/:userId/rankings?limit=20", await timed(api, `/api/v1/projects/${project}/labelers/${labelerId}/rankings?limit=20`, RUNS)],
      ];
      const browser: [string, string][] = [
        ["GET /comparisons (newest 50, all projects)", "/api/v1/comparisons"],
        ["GET /comparisons?projectId&status=complete", `/api/v1/comparisons?projectId=${project}&status=complete`],
        ["GET /comparisons?projectId&agreementMin=0.9", `/api/v1/comparisons?projectId=${project}&agreementMin=0.9`],
        ["GET /comparisons?projectId&agreementMax=0.2 (rare)", `/api/v1/comparisons?projectId=${project}&agreementMax=0.2`],
        ["GET /comparisons?projectId&flagged=true", `/api/v1/comparisons?projectId=${project}&flagged=true`],
        ["GET /comparisons?projectId&gold=true", `/api/v1/comparisons?projectId=${project}&gold=true`],
        ["GET /comparisons?projectId&labelerId (busiest labeler)", `/api/v1/comparisons?projectId=${project}&labelerId=${labelerId}`],
        [`GET /comparisons?q=<word in ~6 %>`, `/api/v1/comparisons?q=${COMMON_WORD}`],
        [`GET /comparisons?q=<word in ~0.1 %>&projectId`, `/api/v1/comparisons?q=${RARE_WORD}&projectId=${project}`],
        [`GET /prompts?q=<word in ~6 %>&projectId`, `/api/v1/prompts?q=${COMMON_WORD}&projectId=${project}`],
        [`GET /prompts?q=<word in ~0.1 %>`, `/api/v1/prompts?q=${RARE_WORD}`],
        ["GET /prompts?q=<no match> (whole table)", "/api/v1/prompts?q=no-such-text-anywhere"],
        ["GET /comparisons/:id (one comparison's page)", `/api/v1/comparisons/${middle.id}`],
        ["GET /flags?status=open (newest 50)", "/api/v1/flags?status=open"],
        ["GET /flags?status=open&projectId", `/api/v1/flags?status=open&projectId=${project}`],
      ];
      for (const [name, path] of browser) rows.push([name, await timed(api, path, RUNS)]);
      if (WITH_STATS) rows.push(["GET /stats?projectId (for comparison: one pass over the rankings)", await timed(api, `/api/v1/stats?projectId=${project}`, 1)]);
      console.log(`### ${kind} (${seeded.rankings} rankings seeded in ${seedSeconds.toFixed(0)} s)\n`);
      console.log("| request | median ms | worst ms |\n|---|---:|---:|");
      for (const [name, t] of rows) console.log(`| ${name} | ${t.median.toFixed(0)} | ${t.max.toFixed(0)} |`);
      console.log();
    } finally {
      await server.stop();
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
