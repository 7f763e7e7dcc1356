// The physical upper bound of the labeler loop: the same rows the server writes per ranking (a lease claimed with its
// slot; then the ranking stored, the lease deleted, the counter moved), written straight through better-sqlite3 with
// the same pragmas — no HTTP, no auth, no ORM. Two transactions per ranking, as the two API calls do.
// On PostgreSQL the same statements, one after the other on one `pg` connection (named prepared statements).
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import pg from "pg";

const id = () => randomBytes(12).toString("hex");
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export interface RawInsertResult {
  rankings: number;
  seconds: number;
  perSecond: number;
}

export function rawInsertRate({ file, seconds, userId }: { file: string; seconds: number; userId: string }): RawInsertResult {
  const db = new Database(file, { timeout: 30_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // The same two-step candidate search as lib/tasks/claim-next-task.ts (in the seeded comparisons' project, the
  // default one): a window of the most-advanced comparisons, then the oldest untouched one.
  const notMine = `NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = @u)
       AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = @u)
       AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = @u AND l."slotHeld" = 1)`;
  const pickAdvanced = db.prepare(
    `SELECT c."id" FROM (SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w WHERE w."projectId" = 'default' AND w."open" = 1 AND w."rankingCount" > 0
       ORDER BY w."rankingCount" DESC, w."createdAt" ASC LIMIT 64) win JOIN "Comparison" c ON c."id" = win."id"
     WHERE c."open" = 1 AND ${notMine} ORDER BY win."rankingCount" DESC, win."createdAt" ASC LIMIT 1`,
  );
  const pickFresh = db.prepare(
    `SELECT c."id" FROM "Comparison" c WHERE c."projectId" = 'default' AND c."open" = 1 AND c."rankingCount" = 0 AND ${notMine}
     ORDER BY c."rankingCount" DESC, c."createdAt" ASC LIMIT 1`,
  );
  const pick = { get: (u: string) => pickAdvanced.get({ u }) ?? pickFresh.get({ u }) };
  const items = db.prepare(`SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = ?`);
  const take = db.prepare(
    `UPDATE "Comparison" SET "slotsTaken" = "slotsTaken" + 1, "open" = ("slotsTaken" + 1 < "requiredRankings") WHERE "id" = ? AND "slotsTaken" < "requiredRankings"`,
  );
  const insLease = db.prepare(`INSERT INTO "Lease" ("id","comparisonId","userId","shownOrder","expiresAt","slotHeld","createdAt") VALUES (?,?,?,?,?,1,?)`);
  const delLease = db.prepare(`DELETE FROM "Lease" WHERE "comparisonId" = ? AND "userId" = ?`);
  const count = db.prepare(`UPDATE "Comparison" SET "rankingCount" = "rankingCount" + 1 WHERE "id" = ?`);
  const insRanking = db.prepare(
    `INSERT INTO "Ranking" ("id","comparisonId","userId","order","shownOrder","durationMs","idempotencyKey","createdAt") VALUES (?,?,?,?,?,?,?,?)`,
  );
  const claim = db.transaction(() => {
    const row = pick.get(userId) as { id: string } | undefined;
    if (!row) return null;
    take.run(row.id);
    const order = JSON.stringify((items.all(row.id) as { completionId: string }[]).map((r) => r.completionId));
    insLease.run(id(), row.id, userId, order, iso(Date.now() + 600_000), iso(Date.now()));
    return { comparisonId: row.id, order };
  });
  const rank = db.transaction((comparisonId: string, order: string) => {
    delLease.run(comparisonId, userId);
    count.run(comparisonId);
    insRanking.run(id(), comparisonId, userId, order, order, 1234, `${userId}:${id()}`, iso(Date.now()));
  });
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const c = claim.immediate();
    if (!c) break;
    rank.immediate(c.comparisonId, c.order);
    n++;
  }
  const elapsed = (performance.now() - t0) / 1000;
  db.close();
  return { rankings: n, seconds: elapsed, perSecond: n / elapsed };
}

/**
 * The same rows, statements and transactions on PostgreSQL, each statement a round trip: one connection per user
 * given, all running at once (one user: the sequential rate, measured as on SQLite; several: what concurrent
 * writers get from PostgreSQL, e.g. from group commit). Rankings counted over all connections.
 */
export async function rawInsertRatePg({ url, seconds, userIds }: { url: string; seconds: number; userIds: string[] }): Promise<RawInsertResult> {
  const t0 = performance.now();
  const counts = await Promise.all(userIds.map((userId) => rawLoopPg({ url, until: t0 + seconds * 1000, userId })));
  const elapsed = (performance.now() - t0) / 1000;
  const n = counts.reduce((x, y) => x + y, 0);
  return { rankings: n, seconds: elapsed, perSecond: n / elapsed };
}

async function rawLoopPg({ url, until, userId }: { url: string; until: number; userId: string }): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const notMine = `NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = $1)
       AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = $1)
       AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = $1 AND l."slotHeld" = true)`;
  const q = async <T extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    (await client.query<T>({ name, text, values })).rows;
  const pick = async (u: string) =>
    (
      await q<{ id: string }>(
        "pick_advanced",
        `SELECT c."id" FROM (SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w WHERE w."projectId" = 'default' AND w."open" = true AND w."rankingCount" > 0
           ORDER BY w."rankingCount" DESC, w."createdAt" ASC LIMIT 64) win JOIN "Comparison" c ON c."id" = win."id"
         WHERE c."open" = true AND ${notMine} ORDER BY win."rankingCount" DESC, win."createdAt" ASC LIMIT 1`,
        [u],
      )
    )[0] ??
    (
      await q<{ id: string }>(
        "pick_fresh",
        `SELECT c."id" FROM "Comparison" c WHERE c."projectId" = 'default' AND c."open" = true AND c."rankingCount" = 0 AND ${notMine}
         ORDER BY c."rankingCount" DESC, c."createdAt" ASC LIMIT 1`,
        [u],
      )
    )[0];
  const ts = (ms: number) => new Date(ms).toISOString();
  const claim = async () => {
    await client.query("BEGIN");
    const row = await pick(userId);
    if (!row) {
      await client.query("COMMIT");
      return null;
    }
    await q("take", `UPDATE "Comparison" SET "slotsTaken" = "slotsTaken" + 1, "open" = ("slotsTaken" + 1 < "requiredRankings") WHERE "id" = $1 AND "slotsTaken" < "requiredRankings"`, [row.id]);
    const items = await q<{ completionId: string }>("items", `SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = $1`, [row.id]);
    const order = JSON.stringify(items.map((r) => r.completionId));
    await q(
      "lease",
      `INSERT INTO "Lease" ("id","comparisonId","userId","shownOrder","expiresAt","slotHeld","createdAt")
       VALUES ($1, $2, $3, CAST($4 AS JSONB), CAST($5 AS TIMESTAMP(3)), true, CAST($6 AS TIMESTAMP(3)))`,
      [id(), row.id, userId, order, ts(Date.now() + 600_000), ts(Date.now())],
    );
    await client.query("COMMIT");
    return { comparisonId: row.id, order };
  };
  const rank = async (comparisonId: string, order: string) => {
    await client.query("BEGIN");
    await q("unlease", `DELETE FROM "Lease" WHERE "comparisonId" = $1 AND "userId" = $2`, [comparisonId, userId]);
    await q("count", `UPDATE "Comparison" SET "rankingCount" = "rankingCount" + 1 WHERE "id" = $1`, [comparisonId]);
    await q(
      "ranking",
      `INSERT INTO "Ranking" ("id","comparisonId","userId","order","shownOrder","durationMs","idempotencyKey","createdAt")
       VALUES ($1, $2, $3, CAST($4 AS JSONB), CAST($5 AS JSONB), $6, $7, CAST($8 AS TIMESTAMP(3)))`,
      [id(), comparisonId, userId, order, order, 1234, `${userId}:${id()}`, ts(Date.now())],
    );
    await client.query("COMMIT");
  };
  let n = 0;
  try {
    while (performance.now() < until) {
      const c = await claim();
      if (!c) break;
      await rank(c.comparisonId, c.order);
      n++;
    }
  } finally {
    await client.end();
  }
  return n;
}
