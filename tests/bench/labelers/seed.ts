// Fast seeding of comparisons for the labeler benchmarks: better-sqlite3 prepared statements in large transactions,
// writing the same rows (and the same DateTime text format) as Podium's import.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";

export interface SeedOptions {
  /** Path of the SQLite file (without "file:"). */
  file: string;
  count: number;
  requiredRankings?: number;
  /** true: a prompt and 5 completions of its own per comparison (realistic rows); false: all share one prompt. */
  distinctTexts?: boolean;
}

const id = () => randomBytes(12).toString("hex");
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export function seedComparisons({ file, count, requiredRankings = 3, distinctTexts = true }: SeedOptions): void {
  const db = new Database(file, { timeout: 30_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const insPrompt = db.prepare(`INSERT INTO "Prompt" ("id","text","textHash","source","createdAt") VALUES (?,?,?,'bench',?)`);
  const insCompletion = db.prepare(`INSERT INTO "Completion" ("id","promptId","text","source","createdAt") VALUES (?,?,?,'bench',?)`);
  const insComparison = db.prepare(
    `INSERT INTO "Comparison" ("id","promptId","requiredRankings","rankingCount","slotsTaken","open","createdAt") VALUES (?,?,?,0,0,1,?)`,
  );
  const insItem = db.prepare(`INSERT INTO "ComparisonItem" ("comparisonId","completionId","position") VALUES (?,?,?)`);
  const start = Date.now() - count; // distinct createdAt, 1 ms apart, oldest first
  let shared: { promptId: string; completionIds: string[] } | null = null;
  const makeTexts = (i: number) => {
    const promptId = id();
    const now = iso(start + i);
    insPrompt.run(promptId, `Bench prompt ${i}: explain the difference between a list and a tuple, briefly.`, id() + id(), now);
    const completionIds = Array.from({ length: 5 }, (_, k) => {
      const cid = id();
      insCompletion.run(cid, promptId, `Completion ${k} of prompt ${i}. `.repeat(8), now);
      return cid;
    });
    return { promptId, completionIds };
  };
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const texts = distinctTexts ? makeTexts(i) : (shared ??= makeTexts(i));
      const cid = id();
      insComparison.run(cid, texts.promptId, requiredRankings, iso(start + i));
      texts.completionIds.forEach((completionId, position) => insItem.run(cid, completionId, position));
    }
  });
  for (let i = 0; i < count; i += 10_000) batch(i, Math.min(count, i + 10_000));
  db.close();
}

/** The query plan of the assignment query, to show it walks the index rather than scanning. */
export function assignmentQueryPlan(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(
      `EXPLAIN QUERY PLAN SELECT c."id" FROM "Comparison" c
       WHERE c."open" = true
         AND NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = 'u')
         AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = 'u')
         AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = 'u' AND l."slotHeld" = true)
       ORDER BY c."rankingCount" DESC, c."createdAt" ASC LIMIT 1`,
    )
    .all() as { detail: string }[];
  db.close();
  return rows.map((r) => r.detail);
}
