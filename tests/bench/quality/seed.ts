// Fast seeding of a labeled data set for the quality console and data browser benchmark, with the rows Podium writes:
// projects, labelers, comparisons (each with a prompt of its own, searchable words in its text; each project's 5
// completions shared, as no list reads their text), and
// rankings by distinct labelers with their quality columns filled as the submit fills them (leave-one-out consensus
// agreement, comparison agreement, untouched, top shown position, gold agreement), plus skips, flags and pauses. Each
// labeler has a "noise" level, so the figures differ per labeler. SQLite through better-sqlite3 prepared statements
// in large transactions; PostgreSQL through one `pg` connection with multi-row INSERTs.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { leaveOneOutAgreement, meanPairwiseAgreement, pairwiseAgreement } from "@/lib/quality";

export interface QualitySeedOptions {
  comparisons: number;
  rankingsPerComparison: number;
  labelers: number;
  projects: number;
  /** Share of gold comparisons. */
  goldRate?: number;
}

export interface QualitySeedResult {
  projectIds: string[];
  rankings: number;
}

type Row = (string | number | null)[];

interface Sink {
  insert(table: string, cols: string[], rows: Row[]): Promise<void>;
}

const id = () => randomBytes(12).toString("hex");

/** A deterministic random generator (mulberry32), so every run seeds the same data set. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(sink: Sink, options: QualitySeedOptions, iso: (ms: number) => string | Date): Promise<QualitySeedResult> {
  const { comparisons, rankingsPerComparison: perComparison, labelers, projects, goldRate = 0.02 } = options;
  const random = generator(42);
  // Prompt texts from a stream of their own, so the rankings are the same as without them.
  const textRandom = generator(7);
  const now = Date.now();
  const day = 86_400_000;
  const ts = (ms: number) => iso(ms) as string;
  const projectIds = Array.from({ length: projects }, (_, i) => `bench-quality-${i}-${id().slice(0, 6)}`);
  await sink.insert("Project", ["id", "name", "createdAt", "updatedAt"], projectIds.map((p) => [p, p, ts(now), ts(now)]));
  const userIds = Array.from({ length: labelers }, () => id());
  await sink.insert(
    "User",
    ["id", "email", "name", "role", "passwordHash", "pseudonym", "createdAt"],
    userIds.map((u, i) => [u, `bench-${u}@bench.podium`, `Labeler ${i + 1}`, "LABELER", "-", `L-${u.slice(0, 12)}`, ts(now)]),
  );
  const noise = userIds.map((_, i) => (i % 10) / 10); // 0 … 0.9: how often a labeler swaps a pair at random
  const texts = projectIds.map((projectId) => ({ projectId, promptId: id(), completionIds: Array.from({ length: 5 }, () => id()) }));
  await sink.insert("Prompt", ["id", "projectId", "text", "textHash", "source", "createdAt"], texts.map((t) => [t.promptId, t.projectId, "Bench prompt", id() + id(), "bench", ts(now)]));
  // Each comparison has a prompt of its own with searchable text (the data browser's search reads it); the five
  // completions stay shared per project (no list reads their text).
  await sink.insert(
    "Completion",
    ["id", "promptId", "text", "source", "createdAt"],
    texts.flatMap((t) => t.completionIds.map((c, k) => [c, t.promptId, `Completion ${k}`, "bench", ts(now)])),
  );

  let rankings = 0;
  const batch = 5000;
  for (let from = 0; from < comparisons; from += batch) {
    const pRows: Row[] = [];
    const cRows: Row[] = [];
    const iRows: Row[] = [];
    const rRows: Row[] = [];
    const sRows: Row[] = [];
    const fRows: Row[] = [];
    const oRows: Row[] = [];
    for (let i = from; i < Math.min(comparisons, from + batch); i++) {
      const t = texts[i % projects] as (typeof texts)[number];
      const cid = id();
      const promptId = id();
      const createdAt = now - 30 * day + Math.floor((i / comparisons) * 30 * day);
      // About 1 % of comparisons get a completion of their own that a labeler flagged (the others' are shared).
      const flagged = textRandom() < 0.01 ? id() : null;
      const completionIds = flagged ? [flagged, ...t.completionIds.slice(1)] : t.completionIds;
      const truth = shuffle(completionIds, random);
      const gold = random() < goldRate;
      const chosen = new Set<number>();
      while (chosen.size < perComparison) chosen.add(Math.floor(random() * labelers));
      const made = [...chosen].map((u) => {
        const order = [...truth];
        for (let k = 0; k < 4; k++) if (random() < (noise[u] as number)) swap(order, Math.floor(random() * 4), random);
        const untouchedShown = random() < 0.05;
        const shownOrder = untouchedShown ? [...order] : shuffle(completionIds, random);
        return { u, order, shownOrder, at: createdAt + Math.floor(random() * day), duration: Math.round(3000 + 20000 * random() ** 2) };
      });
      const loo = leaveOneOutAgreement({ rankings: made.map((m) => m.order) });
      const agreement = meanPairwiseAgreement(made.map((m) => m.order))?.mean ?? null;
      pRows.push([promptId, t.projectId, promptText(i, textRandom), id() + id(), "bench", ts(createdAt)]);
      cRows.push([cid, t.projectId, promptId, perComparison, perComparison, perComparison, 0, gold ? 1 : 0, gold ? JSON.stringify(truth) : null, agreement, ts(createdAt)]);
      completionIds.forEach((completionId, k) => iRows.push([cid, completionId, k]));
      made.forEach((m, k) => {
        rRows.push([
          id(),
          t.projectId,
          cid,
          userIds[m.u] as string,
          JSON.stringify(m.order),
          JSON.stringify(m.shownOrder),
          m.duration,
          gold ? pairwiseAgreement(m.order, truth) : null,
          loo[k] ?? null,
          m.order.every((x, j) => x === m.shownOrder[j]) ? 1 : 0,
          m.shownOrder.indexOf(m.order[0] as string),
          ts(m.at),
        ]);
      });
      rankings += made.length;
      if (random() < 0.05) {
        const skipper = userIds.find((_, u) => !chosen.has(u)) as string;
        sRows.push([id(), cid, skipper, ts(createdAt)]);
      }
      if (flagged) {
        oRows.push([flagged, t.promptId, "Flagged completion", "bench", ts(createdAt)]);
        fRows.push([id(), flagged, userIds[made[0]?.u ?? 0] as string, "other", ts(createdAt)]);
      }
    }
    await sink.insert("Prompt", ["id", "projectId", "text", "textHash", "source", "createdAt"], pRows);
    await sink.insert("Comparison", ["id", "projectId", "promptId", "requiredRankings", "rankingCount", "slotsTaken", "open", "gold", "goldRanking", "agreement", "createdAt"], cRows);
    await sink.insert("Completion", ["id", "promptId", "text", "source", "createdAt"], oRows);
    await sink.insert("ComparisonItem", ["comparisonId", "completionId", "position"], iRows);
    await sink.insert(
      "Ranking",
      ["id", "projectId", "comparisonId", "userId", "order", "shownOrder", "durationMs", "goldAgreement", "consensusAgreement", "untouched", "topShownPosition", "createdAt"],
      rRows,
    );
    await sink.insert("Skip", ["id", "comparisonId", "userId", "createdAt"], sRows);
    await sink.insert("Flag", ["id", "completionId", "userId", "reason", "createdAt"], fRows);
  }
  await sink.insert(
    "LabelerPause",
    ["id", "projectId", "userId", "reason", "pausedAt"],
    projectIds.map((p, i) => [id(), p, userIds[labelers - 1 - i] as string, "gold score below the threshold", ts(now)]),
  );
  return { projectIds, rankings };
}

/** Words of the seeded prompts: each appears in about 6 % of them; RARE_WORD in about 0.1 %. */
const WORDS = Array.from({ length: 200 }, (_, i) => `w${i.toString(36)}x`);
export const COMMON_WORD = WORDS[7] as string;
export const RARE_WORD = "zeppelin";

function promptText(i: number, random: () => number): string {
  const words = Array.from({ length: 12 }, () => WORDS[Math.floor(random() * WORDS.length)] as string);
  if (random() < 0.001) words[5] = RARE_WORD;
  return `Bench prompt ${i}: ${words.join(" ")}?`;
}

function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function swap<T>(xs: T[], i: number, random: () => number): void {
  const j = random() < 0.5 ? i + 1 : Math.min(xs.length - 1, i + 2);
  [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
}

/** Seeds the SQLite file (a migrated database; path without "file:"). */
export async function seedQualitySqlite(file: string, options: QualitySeedOptions): Promise<QualitySeedResult> {
  const db = new Database(file, { timeout: 30_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const statements = new Map<string, Database.Statement>();
  const sink: Sink = {
    insert: async (table, cols, rows) => {
      const key = `${table}:${cols.join(",")}`;
      let st = statements.get(key);
      if (!st) {
        st = db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES (${cols.map(() => "?").join(",")})`);
        statements.set(key, st);
      }
      const prepared = st;
      db.transaction(() => rows.forEach((r) => prepared.run(...r)))();
    },
  };
  try {
    const result = await seed(sink, options, (ms) => new Date(ms).toISOString().replace("Z", "+00:00"));
    db.exec("ANALYZE");
    return result;
  } finally {
    db.close();
  }
}

/** Seeds the PostgreSQL database at `url` (migrated). */
export async function seedQualityPg(url: string, options: QualitySeedOptions): Promise<QualitySeedResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const booleans = new Set(["open", "gold", "untouched"]);
  const jsonColumns = new Set(["order", "shownOrder", "goldRanking"]);
  const sink: Sink = {
    insert: async (table, cols, rows) => {
      for (let start = 0; start < rows.length; start += 1000) {
        const chunk = rows.slice(start, start + 1000);
        const values: unknown[] = [];
        const tuples = chunk.map((row) =>
          `(${row
            .map((v, k) => {
              const col = cols[k] as string;
              values.push(booleans.has(col) && v !== null ? v === 1 : v);
              const cast = jsonColumns.has(col) ? "::jsonb" : col === "role" ? `::"Role"` : "";
              return `$${values.length}${cast}`;
            })
            .join(",")})`,
        );
        await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${tuples.join(",")}`, values);
      }
    },
  };
  try {
    const result = await seed(sink, options, (ms) => new Date(ms).toISOString());
    await client.query("ANALYZE");
    return result;
  } finally {
    await client.end();
  }
}
