// Admin: the quality console of one project. Every figure is a SQL aggregate (GROUP BY on the project's rankings,
// skips, flags and pauses): nothing loads all rankings. Medians and 90th percentiles of the time taken are
// percentile_cont on PostgreSQL and, on SQLite, the two values around the quantile read per labeler in index order
// (interpolated the same way). Kendall's τ-b and Krippendorff's α (ordinal, a unit = one completion of one comparison, a value = its
// rank) come from a bounded sample: the most recent comparisons with two or more rankings, whose coincidence
// matrices also give α's bootstrap interval (resampling comparisons). Gold and excluded comparisons stay out of the
// agreement figures (gold answers are scored against their reference instead).
import { z } from "zod";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asDate, asNumber, asString, columns, dbKind, nullable, Prisma, readJson, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { figure, type Figure } from "./figure";
import { kendallTauB } from "./kendall-tau-b";
import { addUnit, alphaOf, bootstrapAlpha, emptyCoincidences, type Coincidences } from "./krippendorff-alpha";
import { parseOrder } from "./parse-order";
import { rankVector } from "./rank-vector";
import { refreshStaleQuality } from "./refresh-stale-quality";

/** ISO date-time with offset, or a bare date (UTC midnight). */
const ZInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1970 && date.getUTCFullYear() <= 9999, "not a valid date");

export const ZProjectQualityQuery = z
  .strictObject({
    bucket: z.enum(["hour", "day"]).default("day"),
    /** Start of the rankings-over-time range (default: 48 hours or 30 days before `to`). */
    from: ZInstant.optional(),
    /** End of the range, exclusive (default: now). */
    to: ZInstant.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to", path: ["from"] });
export type TProjectQualityQuery = z.infer<typeof ZProjectQualityQuery>;

/** Most buckets one answer may hold. */
export const MAX_BUCKETS = 2000;
/** Comparisons in the sample behind τ-b and α. */
export const AGREEMENT_SAMPLE = 1000;
/** Bootstrap resamples of α's interval. */
const BOOTSTRAP_SAMPLES = 500;
/** α needs this many pairable units (completions ranked by two or more labelers). */
export const MIN_ALPHA_UNITS = 10;
/** Position bias needs this many rankings of the labeler. */
export const MIN_POSITION_BIAS_RANKINGS = 5;

export interface GetProjectQualityOptions extends Partial<TProjectQualityQuery> {
  db: Db;
  actor: Actor;
  projectId: string;
  now?: Date;
}

export interface LabelerQuality {
  userId: string;
  name: string;
  email: string;
  pseudonym: string;
  rankings: number;
  medianMs: Figure<number>;
  p90Ms: Figure<number>;
  /** Mean agreement with the consensus of the other labelers of the same comparisons (leave-one-out). */
  consensusAgreement: Figure<number>;
  /** Mean pairwise agreement of the gold answers with their reference. */
  goldScore: Figure<number>;
  /** keptShownOrder: share of rankings submitted in the order shown; rank1ShareBySlot[k]: share whose first was shown in slot k. */
  positionBias: Figure<{ keptShownOrder: number; rank1ShareBySlot: number[] }>;
  untouchedSubmits: number;
  skips: number;
  flags: number;
  /** Skips per task answered (ranked or skipped). */
  skipRate: Figure<number>;
  /** Flags per task answered (ranked or skipped). */
  flagRate: Figure<number>;
  lastActive: Date | null;
  paused: boolean;
  pauseReason: string | null;
}

export type AlphaFigure = Figure<number> & { ci95: [number, number] | null; metric: "ordinal" };

export interface ProjectQuality {
  project: { id: string; name: string };
  range: { from: Date; to: Date; bucket: "hour" | "day" };
  rankingsOverTime: { start: Date; rankings: number }[];
  agreement: {
    /** Mean over comparisons of the mean pairwise agreement of their rankings (Comparison.agreement). */
    pairwise: Figure<number>;
    /** Mean τ-b over the pairs of rankings of the sampled comparisons. */
    kendallTauB: Figure<number>;
    krippendorffAlpha: AlphaFigure;
    sample: { comparisons: number; of: number; method: string };
  };
  labelers: LabelerQuality[];
  generatedAt: Date;
}

const ProjectRow = columns({ id: asString, name: asString });
const BucketRow = columns({ bucket: asString, n: asNumber });
const MeanRow = columns({ mean: nullable(asNumber), n: asNumber });
const SampleRankingRow = columns({ comparisonId: asString, order: parseOrder, ranks: nullable((v: unknown) => v) });
const LabelerRow = columns({
  userId: asString,
  n: asNumber,
  ca: nullable(asNumber),
  caN: asNumber,
  ga: nullable(asNumber),
  gaN: asNumber,
  untouched: nullable(asNumber),
  timed: asNumber,
  last: nullable(asDate),
});
const SlotRow = columns({ userId: asString, pos: asNumber, n: asNumber });
const PercentileRow = columns({ userId: asString, median: nullable(asNumber), p90: nullable(asNumber), n: asNumber });
const ValueRow = columns({ v: asNumber });
const CountRow = columns({ userId: asString, n: asNumber, last: nullable(asDate) });
const PauseRow = columns({ userId: asString, reason: asString });
const UserRow = columns({ id: asString, name: asString, email: asString, pseudonym: asString });

export async function getProjectQuality(options: GetProjectQualityOptions): Promise<ProjectQuality> {
  requireRole(options.actor, "ADMIN");
  const now = options.now ?? new Date();
  const bucket = options.bucket ?? "day";
  const to = options.to ?? now;
  const from = options.from ?? new Date(to.getTime() - (bucket === "hour" ? 48 * 3600_000 : 30 * 86_400_000));
  if (from >= to) throw new AppError("BAD_REQUEST", "from must be before to");
  const starts = bucketStarts(from, to, bucket);
  if (starts.length > MAX_BUCKETS) {
    throw new AppError("BAD_REQUEST", `The range holds ${starts.length} ${bucket} buckets; at most ${MAX_BUCKETS} per request`);
  }
  await refreshStaleQuality({ db: options.db, projectId: options.projectId });
  const result = await runSteps(options.db, () => readQuality(options.db, options.projectId, { from, to, bucket, starts }), { write: false, timeoutMs: 60_000 });
  return { ...result, generatedAt: now };
}

interface Range {
  from: Date;
  to: Date;
  bucket: "hour" | "day";
  starts: Date[];
}

const readQuality = step(function* (db: Db, projectId: string, range: Range): Steps<Omit<ProjectQuality, "generatedAt">> {
  const project = (yield* all(Prisma.sql`SELECT "id", "name" FROM "Project" WHERE "id" = ${projectId}`, ProjectRow))[0];
  if (!project) throw new AppError("NOT_FOUND", "Project not found");
  const rankingsOverTime = yield* readRankingsOverTime(db, projectId, range);
  const agreement = yield* readAgreement(projectId);
  const labelers = yield* readLabelers(db, projectId);
  return { project, range: { from: range.from, to: range.to, bucket: range.bucket }, rankingsOverTime, agreement, labelers };
});

// ---- rankings over time -------------------------------------------------------------------------------------------

function bucketStarts(from: Date, to: Date, bucket: "hour" | "day"): Date[] {
  const size = bucket === "hour" ? 3600_000 : 86_400_000;
  const out: Date[] = [];
  for (let t = Math.floor(from.getTime() / size) * size; t < to.getTime() && out.length <= MAX_BUCKETS; t += size) out.push(new Date(t));
  return out;
}

/** The bucket's key as both databases write it: "YYYY-MM-DDTHH" or "YYYY-MM-DD" (UTC). */
function bucketKey(date: Date, bucket: "hour" | "day"): string {
  return date.toISOString().slice(0, bucket === "hour" ? 13 : 10);
}

const readRankingsOverTime = step(function* (db: Db, projectId: string, { from, to, bucket, starts }: Range): Steps<ProjectQuality["rankingsOverTime"]> {
  const key =
    dbKind(db) === "postgresql"
      ? Prisma.raw(bucket === "hour" ? `to_char("createdAt", 'YYYY-MM-DD"T"HH24')` : `to_char("createdAt", 'YYYY-MM-DD')`)
      : Prisma.raw(`substr("createdAt", 1, ${bucket === "hour" ? 13 : 10})`);
  const rows = yield* all(
    Prisma.sql`SELECT ${key} AS "bucket", COUNT(*) AS "n" FROM "Ranking"
               WHERE "projectId" = ${projectId} AND "createdAt" >= ${timestamp(db, from)} AND "createdAt" < ${timestamp(db, to)}
               GROUP BY ${key}`,
    BucketRow,
  );
  const counts = new Map(rows.map((r) => [r.bucket, r.n]));
  return starts.map((start) => ({ start, rankings: counts.get(bucketKey(start, bucket)) ?? 0 }));
});

// ---- agreement ----------------------------------------------------------------------------------------------------

const readAgreement = step(function* (projectId: string): Steps<ProjectQuality["agreement"]> {
  const regular = Prisma.sql`"projectId" = ${projectId} AND "gold" = false AND "excludedAt" IS NULL`;
  const mean = (yield* all(Prisma.sql`SELECT AVG("agreement") AS "mean", COUNT("agreement") AS "n" FROM "Comparison" WHERE ${regular} AND "agreement" IS NOT NULL`, MeanRow))[0];
  const pairwise = figure({ value: mean?.mean ?? null, count: mean?.n ?? 0, needed: 1, unit: "comparisons with two or more rankings" });

  const rows = yield* all(
    Prisma.sql`SELECT r."comparisonId", r."order", r."ranks" FROM "Ranking" r
               JOIN (SELECT "id" FROM "Comparison" WHERE ${regular} AND "rankingCount" >= 2 ORDER BY "createdAt" DESC LIMIT ${AGREEMENT_SAMPLE}) s
                 ON s."id" = r."comparisonId"`,
    SampleRankingRow,
  );
  const byComparison = new Map<string, { order: string[]; ranks: number[] | null }[]>();
  for (const r of rows) {
    const group = byComparison.get(r.comparisonId) ?? [];
    group.push({ order: r.order, ranks: parseRanks(r.ranks, r.order.length) });
    byComparison.set(r.comparisonId, group);
  }
  const maxItems = Math.max(1, ...rows.map((r) => r.order.length));
  const values = Array.from({ length: maxItems }, (_, i) => i + 1);
  const clusters: Coincidences[] = [];
  let tauSum = 0;
  let tauPairs = 0;
  for (const group of byComparison.values()) {
    if (group.length < 2) continue;
    const items = [...new Set(group.flatMap((g) => g.order))].sort();
    const vectors = group.map((g) => rankVector({ items, order: g.order, ranks: g.ranks }));
    for (let a = 0; a < vectors.length; a++) {
      for (let b = a + 1; b < vectors.length; b++) {
        const tau = tauOfShared(vectors[a] as (number | null)[], vectors[b] as (number | null)[]);
        if (tau === null) continue;
        tauSum += tau;
        tauPairs++;
      }
    }
    const cluster = emptyCoincidences(values);
    items.forEach((_, i) => addUnit(cluster, vectors.map((v) => v[i] ?? null)));
    clusters.push(cluster);
  }
  const total = emptyCoincidences(values);
  for (const c of clusters) {
    total.matrix.forEach((row, i) => row.forEach((_, k) => (row[k] = (row[k] as number) + ((c.matrix[i] as number[])[k] as number))));
    total.pairableUnits += c.pairableUnits;
  }
  const alpha = figure({ value: alphaOf(total, "ordinal"), count: total.pairableUnits, needed: MIN_ALPHA_UNITS, unit: "pairable units (completions ranked by two or more labelers)" });
  const ci95 = alpha.status === "ok" ? bootstrapAlpha({ clusters, metric: "ordinal", samples: BOOTSTRAP_SAMPLES, seed: 1 }) : null;
  return {
    pairwise,
    kendallTauB: figure({ value: tauPairs ? tauSum / tauPairs : null, count: tauPairs, needed: 1, unit: "pairs of rankings of one comparison" }),
    krippendorffAlpha: { ...alpha, ci95, metric: "ordinal" },
    sample: {
      comparisons: clusters.length,
      of: pairwise.count,
      method:
        `τ-b and α over the ${AGREEMENT_SAMPLE} most recent comparisons with two or more rankings at most; α ordinal by the ` +
        `coincidence-matrix method (a unit = one completion, a value = its rank), 95% interval from ${BOOTSTRAP_SAMPLES} bootstrap resamples of comparisons`,
    },
  };
});

/** τ-b over the items both rankings rank. */
function tauOfShared(a: (number | null)[], b: (number | null)[]): number | null {
  const x: number[] = [];
  const y: number[] = [];
  a.forEach((v, i) => {
    const w = b[i];
    if (v !== null && w !== null && w !== undefined) {
      x.push(v);
      y.push(w);
    }
  });
  return x.length < 2 ? null : kendallTauB(x, y);
}

/** A ranking's ties as the figures use them: null for a strict order, and for a stored value that does not fit it. */
function parseRanks(value: unknown, length: number): number[] | null {
  const parsed = readJson(value);
  return Array.isArray(parsed) && parsed.length === length && parsed.every((r) => typeof r === "number") ? (parsed as number[]) : null;
}

// ---- labelers -----------------------------------------------------------------------------------------------------

const readLabelers = step(function* (db: Db, projectId: string): Steps<LabelerQuality[]> {
  const rankings = yield* all(
    Prisma.sql`SELECT "userId", COUNT(*) AS "n",
                      AVG("consensusAgreement") AS "ca", COUNT("consensusAgreement") AS "caN",
                      AVG("goldAgreement") AS "ga", COUNT("goldAgreement") AS "gaN",
                      SUM(CASE WHEN "untouched" THEN 1 ELSE 0 END) AS "untouched", COUNT("durationMs") AS "timed", MAX("createdAt") AS "last"
               FROM "Ranking" WHERE "projectId" = ${projectId} GROUP BY "userId"`,
    LabelerRow,
  );
  const slots = yield* all(
    Prisma.sql`SELECT "userId", "topShownPosition" AS "pos", COUNT(*) AS "n" FROM "Ranking"
               WHERE "projectId" = ${projectId} AND "topShownPosition" IS NOT NULL GROUP BY "userId", "topShownPosition"`,
    SlotRow,
  );
  const durations = yield* readDurationPercentiles(db, projectId, rankings.map((r) => ({ userId: r.userId, n: r.timed })));
  const skips = yield* all(
    Prisma.sql`SELECT s."userId", COUNT(*) AS "n", MAX(s."createdAt") AS "last" FROM "Skip" s JOIN "Comparison" c ON c."id" = s."comparisonId"
               WHERE c."projectId" = ${projectId} GROUP BY s."userId"`,
    CountRow,
  );
  const flags = yield* all(
    Prisma.sql`SELECT f."userId", COUNT(*) AS "n", MAX(f."createdAt") AS "last" FROM "Flag" f
               JOIN "Completion" co ON co."id" = f."completionId" JOIN "Prompt" p ON p."id" = co."promptId"
               WHERE p."projectId" = ${projectId} GROUP BY f."userId"`,
    CountRow,
  );
  const pauses = yield* all(
    Prisma.sql`SELECT "userId", "reason" FROM "LabelerPause" WHERE "projectId" = ${projectId} AND "liftedAt" IS NULL ORDER BY "pausedAt"`,
    PauseRow,
  );
  const ids = [...new Set([...rankings.map((r) => r.userId), ...skips.map((s) => s.userId), ...pauses.map((p) => p.userId)])];
  const users = ids.length ? yield* all(Prisma.sql`SELECT "id", "name", "email", "pseudonym" FROM "User" WHERE "id" IN (${Prisma.join(ids)})`, UserRow) : [];

  const byUser = new Map(rankings.map((r) => [r.userId, r]));
  const slotsByUser = new Map<string, Map<number, number>>();
  for (const s of slots) {
    const m = slotsByUser.get(s.userId) ?? new Map<number, number>();
    m.set(s.pos, s.n);
    slotsByUser.set(s.userId, m);
  }
  const slotCount = Math.max(5, ...slots.map((s) => s.pos + 1));
  const skipsByUser = new Map(skips.map((s) => [s.userId, s]));
  const flagsByUser = new Map(flags.map((f) => [f.userId, f.n]));
  const pauseByUser = new Map(pauses.map((p) => [p.userId, p.reason]));

  return users
    .map((user): LabelerQuality => {
      const r = byUser.get(user.id);
      const n = r?.n ?? 0;
      const skip = skipsByUser.get(user.id);
      const skipN = skip?.n ?? 0;
      const flagN = flagsByUser.get(user.id) ?? 0;
      const answered = n + skipN;
      const d = durations.get(user.id);
      const slotCounts = slotsByUser.get(user.id) ?? new Map<number, number>();
      const slotTotal = [...slotCounts.values()].reduce((s, v) => s + v, 0);
      const untouched = r?.untouched ?? 0;
      const last = [r?.last ?? null, skip?.last ?? null].filter((x): x is Date => x !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
      return {
        userId: user.id,
        name: user.name,
        email: user.email,
        pseudonym: user.pseudonym,
        rankings: n,
        medianMs: figure({ value: d?.median ?? null, count: d?.n ?? 0, needed: 1, unit: "timed rankings" }),
        p90Ms: figure({ value: d?.p90 ?? null, count: d?.n ?? 0, needed: 1, unit: "timed rankings" }),
        consensusAgreement: figure({ value: r?.ca ?? null, count: r?.caN ?? 0, needed: 1, unit: "rankings beside another labeler's" }),
        goldScore: figure({ value: r?.ga ?? null, count: r?.gaN ?? 0, needed: 1, unit: "gold answers" }),
        positionBias: figure({
          value: slotTotal
            ? { keptShownOrder: untouched / n, rank1ShareBySlot: Array.from({ length: slotCount }, (_, k) => (slotCounts.get(k) ?? 0) / slotTotal) }
            : null,
          count: slotTotal,
          needed: MIN_POSITION_BIAS_RANKINGS,
          unit: "rankings",
        }),
        untouchedSubmits: untouched,
        skips: skipN,
        flags: flagN,
        skipRate: figure({ value: answered ? skipN / answered : null, count: answered, needed: 1, unit: "tasks answered" }),
        flagRate: figure({ value: answered ? flagN / answered : null, count: answered, needed: 1, unit: "tasks answered" }),
        lastActive: last,
        paused: pauseByUser.has(user.id),
        pauseReason: pauseByUser.get(user.id) ?? null,
      };
    })
    .sort((a, b) => b.rankings - a.rankings || (a.email < b.email ? -1 : 1));
});

/**
 * Median and 90th percentile of each labeler's durationMs, interpolated between the two nearest ranks
 * (percentile_cont). On SQLite: per labeler, the two values around each quantile (ORDER BY "durationMs" LIMIT 2
 * OFFSET k, k from the labeler's count of timed rankings): a sort of that labeler's durations, read from
 * Ranking_quality_idx without visiting the rows, one labeler at a time.
 */
const readDurationPercentiles = step(function* (
  db: Db,
  projectId: string,
  timed: { userId: string; n: number }[],
): Steps<Map<string, { median: number | null; p90: number | null; n: number }>> {
  if (dbKind(db) === "postgresql") {
    const rows = yield* all(
      Prisma.sql`SELECT "userId", percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS "median",
                        percentile_cont(0.9) WITHIN GROUP (ORDER BY "durationMs") AS "p90", COUNT(*) AS "n"
                 FROM "Ranking" WHERE "projectId" = ${projectId} AND "durationMs" IS NOT NULL GROUP BY "userId"`,
      PercentileRow,
    );
    return new Map(rows.map((r) => [r.userId, { median: r.median, p90: r.p90, n: r.n }]));
  }
  const out = new Map<string, { median: number | null; p90: number | null; n: number }>();
  for (const { userId, n } of timed) {
    if (n === 0) continue;
    // The quantile q of n values sits at the 0-based position (n − 1)·q: the values at floor and floor + 1.
    const quantile = function* (num: number, den: number): Steps<number | null> {
      const pos = (n - 1) * num;
      const lo = Math.floor(pos / den);
      const values = (yield* all(
        Prisma.sql`SELECT "durationMs" AS "v" FROM "Ranking" WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "durationMs" IS NOT NULL
                   ORDER BY "durationMs" LIMIT 2 OFFSET ${lo}`,
        ValueRow,
      )).map((r) => r.v);
      const a = values[0];
      if (a === undefined) return null;
      return a + ((pos % den) / den) * ((values[1] ?? a) - a);
    };
    out.set(userId, { median: yield* quantile(1, 2), p90: yield* quantile(9, 10), n });
  }
  return out;
});
