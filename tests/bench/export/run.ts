// Export fairness benchmark: while an admin downloads a large pairwise export, how long do small requests on the same
// web process wait? The production web server with PODIUM_WEB_PROCESSES=1 (so the export and the probe share one
// event loop) on SQLite, seeded with BENCH_EXPORT_COMPARISONS comparisons × 3 rankings (10 pairwise rows each).
// A probe sends GET /api/v1/me back to back (each after the previous answer) for BENCH_EXPORT_IDLE_SECONDS with
// nothing else running, then again for the whole of the export; the table shows both side by side. The export is also
// timed alone (before the probed one), so the cost of serving the probe during it shows apart from the stream's own.
// Usage: npx next build && npx tsx tests/bench/export/run.ts
// Env: BENCH_EXPORT_COMPARISONS (7000 ≈ 172 MB of JSONL), BENCH_EXPORT_IDLE_SECONDS (5), BENCH_GZIP (1: the export and
//      the probe accept gzip like a browser; 0: identity).
import http from "node:http";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth";
import { openDb } from "@/lib/db";
import { createTestUser } from "@/tests/support/factories";
import { startServer } from "@/tests/support/servers";
import { BenchClient } from "../labelers/client";
import { seedComparisons } from "../labelers/seed";

const COMPARISONS = Number(process.env.BENCH_EXPORT_COMPARISONS ?? 7000);
const IDLE_SECONDS = Number(process.env.BENCH_EXPORT_IDLE_SECONDS ?? 5);

interface ProbeStats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(values: number[]): ProbeStats {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}

/** GET /api/v1/me back to back until `until()` is true; the latency of each. */
async function probe(api: BenchClient, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    const res = await api.get<unknown>("/api/v1/me");
    if (res.status !== 200) throw new Error(`probe: ${res.status} ${res.text}`);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

/** Downloads the export, discarding it: bytes on the wire and seconds. */
function download(url: string, token: string): Promise<{ bytes: number; seconds: number }> {
  const headers = { authorization: `Bearer ${token}`, "accept-encoding": process.env.BENCH_GZIP === "0" ? "identity" : "gzip" };
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`export: ${res.statusCode}`));
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => resolve({ bytes, seconds: (performance.now() - t0) / 1000 }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

function seedRankings(file: string, userIds: string[]): number {
  const db = new Database(file, { timeout: 30_000 });
  const comparisons = db.prepare(`SELECT "id" FROM "Comparison"`).all() as { id: string }[];
  const items = db.prepare(`SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = ? ORDER BY "position"`);
  const insRanking = db.prepare(
    `INSERT INTO "Ranking" ("id","comparisonId","userId","order","shownOrder","durationMs","createdAt") VALUES (?,?,?,?,?,?,?)`,
  );
  const count = db.prepare(`UPDATE "Comparison" SET "rankingCount" = ?, "slotsTaken" = ?, "open" = 0 WHERE "id" = ?`);
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.transaction(() => {
    for (const { id } of comparisons) {
      const order = (items.all(id) as { completionId: string }[]).map((r) => r.completionId);
      for (const userId of userIds) {
        const shuffled = [...order].sort(() => Math.random() - 0.5);
        insRanking.run(randomBytes(12).toString("hex"), id, userId, JSON.stringify(shuffled), JSON.stringify(order), 1500, now);
      }
      count.run(userIds.length, userIds.length, id);
    }
  })();
  db.close();
  return comparisons.length * userIds.length;
}

async function main(): Promise<void> {
  const server = await startServer({ kind: "sqlite", env: { PODIUM_WEB_PROCESSES: "1" } });
  try {
    const file = server.databaseUrl.slice("file:".length);
    seedComparisons({ file, count: COMPARISONS, requiredRankings: 3 });
    const db = await openDb({ url: server.databaseUrl });
    const admin = await createTestUser(db, { role: "ADMIN" });
    const labelers = [await createTestUser(db), await createTestUser(db), await createTestUser(db)];
    await db.$disconnect();
    const rankings = seedRankings(
      file,
      labelers.map((l) => l.id),
    );

    const prober = new BenchClient(server.baseUrl);
    await prober.login(labelers[0]?.email ?? "", labelers[0]?.password ?? "");
    const db2 = await openDb({ url: server.databaseUrl });
    const actor = { id: admin.id, email: admin.email, name: "admin", role: "ADMIN" as const, via: "token" as const };
    const { token } = await createApiToken({ db: db2, actor, userId: admin.id, name: "bench" });
    await db2.$disconnect();

    const t0 = performance.now();
    const idle = await probe(prober, () => performance.now() - t0 > IDLE_SECONDS * 1000);
    const exportUrl = `${server.baseUrl}/api/v1/export?format=pairwise`;
    const alone = await download(exportUrl, token);
    let exporting = true;
    const exported = download(exportUrl, token).finally(() => (exporting = false));
    const during = await probe(prober, () => !exporting);
    const { bytes, seconds } = await exported;

    const f1 = (x: number) => x.toFixed(1);
    const row = (name: string, s: ProbeStats) => `| ${name} | ${s.n} | ${f1(s.p50)} | ${f1(s.p99)} | ${f1(s.max)} |`;
    const i = stats(idle);
    const d = stats(during);
    const encoding = process.env.BENCH_GZIP === "0" ? "identity" : "gzip";
    console.log(
      `${COMPARISONS} comparisons × 3 rankings = ${rankings} rankings; pairwise export of ${(bytes / 1e6).toFixed(1)} MB ` +
        `received (accept-encoding: ${encoding}) in ${alone.seconds.toFixed(1)} s alone, ${seconds.toFixed(1)} s while the probe ran\n`,
    );
    console.log("| GET /api/v1/me, back to back | requests | p50 ms | p99 ms | max ms |");
    console.log("|---|---:|---:|---:|---:|");
    console.log(row("alone", i));
    console.log(row("during the export", d));
    console.log(`\nworst wait during the export / worst alone: ${(d.max / i.max).toFixed(1)}×`);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
