// The physical upper bound of the labeler loop: the same rows the server writes per ranking (a lease claimed with its
// slot; then the ranking stored, the lease deleted, the counter moved), written straight through better-sqlite3 with
// the same pragmas — no HTTP, no auth, no ORM. Two transactions per ranking, as the two API calls do.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";

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
  // The same two-step candidate search as lib/tasks/claim-next-task.ts: a window of the most-advanced comparisons,
  // then the oldest untouched one.
  const notMine = `NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = @u)
       AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = @u)
       AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = @u AND l."slotHeld" = 1)`;
  const pickAdvanced = db.prepare(
    `SELECT c."id" FROM (SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w WHERE w."open" = 1 AND w."rankingCount" > 0
       ORDER BY w."rankingCount" DESC, w."createdAt" ASC LIMIT 64) win JOIN "Comparison" c ON c."id" = win."id"
     WHERE c."open" = 1 AND ${notMine} ORDER BY win."rankingCount" DESC, win."createdAt" ASC LIMIT 1`,
  );
  const pickFresh = db.prepare(
    `SELECT c."id" FROM "Comparison" c WHERE c."open" = 1 AND c."rankingCount" = 0 AND ${notMine}
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
