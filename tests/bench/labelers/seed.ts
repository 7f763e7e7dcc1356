// Fast seeding of comparisons for the labeler benchmarks, writing the same rows as Podium's import: on SQLite with
// better-sqlite3 prepared statements in large transactions (and Prisma's DateTime text format), on PostgreSQL with
// INSERT … SELECT over generate_series (ids from md5, 24 hex characters like the SQLite seed's random ones).
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import pg from "pg";

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

export interface SeedPgOptions extends Omit<SeedOptions, "file"> {
  /** postgresql:// URL of the (migrated) database. */
  url: string;
}

export async function seedComparisonsPg({ url, count, requiredRankings = 3, distinctTexts = true }: SeedPgOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const salt = randomBytes(6).toString("hex");
    // Comparison i uses prompt p(i) (its own, or prompt 0 for all); createdAt distinct, 1 ms apart, oldest first.
    const prompts = distinctTexts ? count : 1;
    const rowId = (tag: string, expr: string) => `substr(md5('${tag}' || ${expr} || '${salt}'), 1, 24)`;
    const createdAt = `(now() AT TIME ZONE 'UTC')::timestamp(3) - (${count} - i) * interval '1 millisecond'`;
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Prompt" ("id","text","textHash","source","createdAt")
       SELECT ${rowId("p", "i")}, 'Bench prompt ' || i || ': explain the difference between a list and a tuple, briefly.',
              md5('h' || i || '${salt}') || md5('t' || i || '${salt}'), 'bench', ${createdAt}
       FROM generate_series(0, $1 - 1) i`,
      [prompts],
    );
    await client.query(
      `INSERT INTO "Completion" ("id","promptId","text","source","createdAt")
       SELECT ${rowId("c", "i || '_' || k")}, ${rowId("p", "i")}, repeat('Completion ' || k || ' of prompt ' || i || '. ', 8), 'bench', ${createdAt}
       FROM generate_series(0, $1 - 1) i, generate_series(0, 4) k`,
      [prompts],
    );
    const promptOf = distinctTexts ? "i" : "0";
    await client.query(
      `INSERT INTO "Comparison" ("id","promptId","requiredRankings","rankingCount","slotsTaken","open","createdAt")
       SELECT ${rowId("m", "i")}, ${rowId("p", promptOf)}, $2, 0, 0, true, ${createdAt}
       FROM generate_series(0, $1 - 1) i`,
      [count, requiredRankings],
    );
    await client.query(
      `INSERT INTO "ComparisonItem" ("comparisonId","completionId","position")
       SELECT ${rowId("m", "i")}, ${rowId("c", `${promptOf} || '_' || k`)}, k
       FROM generate_series(0, $1 - 1) i, generate_series(0, 4) k`,
      [count],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Prompt", "Completion", "Comparison", "ComparisonItem"`);
  } finally {
    await client.end();
  }
}

/** The query plans of the assignment queries (window of the most-advanced comparisons; oldest untouched one). */
export function assignmentQueryPlan(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const notMine = `NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = 'u')
         AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = 'u')
         AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = 'u' AND l."slotHeld" = true)`;
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => `  ${r.detail}`);
  const out = [
    "window (closest to done):",
    ...plan(`SELECT c."id" FROM (SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w
       WHERE w."projectId" = 'p' AND w."open" = true AND w."rankingCount" > 0 ORDER BY w."rankingCount" DESC, w."createdAt" ASC LIMIT 64) win
       JOIN "Comparison" c ON c."id" = win."id" WHERE c."open" = true AND ${notMine}
       ORDER BY win."rankingCount" DESC, win."createdAt" ASC LIMIT 1`),
    "oldest untouched:",
    ...plan(`SELECT c."id" FROM "Comparison" c WHERE c."projectId" = 'p' AND c."open" = true AND c."rankingCount" = 0 AND ${notMine}
       ORDER BY c."rankingCount" DESC, c."createdAt" ASC LIMIT 1`),
  ];
  db.close();
  return out;
}
