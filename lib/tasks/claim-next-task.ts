// Assignment: the next comparison for a labeler. Only from the ACTIVE projects they belong to (allLabelers or a
// ProjectMember row) and are not paused on (a LabelerPause not lifted), highest priority first; within a project,
// never one they ranked, skipped or already hold; never beyond requiredRankings (live leases + rankings =
// slotsTaken); closest to done first (most rankings, then oldest). A project whose selection is "active" then prefers,
// among its untouched comparisons, those the reward model is least sure about (Comparison.uncertainty; see
// findUncertainCandidate); a "random" project is served in the order above.
// Gold: with the project's goldRate, a gold comparison of that project the labeler has not seen is served instead
// (only while the project has ordinary work for them). Gold comparisons are never open: the ordinary queries never
// see them and they have no cap on rankings; a lease on one holds a "slot" only for the lease bookkeeping.
// The candidate queries walk the index (projectId, open, rankingCount DESC, createdAt) and probe the user's rankings, skips and
// leases through their unique indexes, with a bounded window first (see findCandidate), so the cost of a claim grows
// neither with the number of comparisons nor with how many the labeler has already ranked.
// Concurrency: on SQLite the whole claim is one synchronous BEGIN IMMEDIATE transaction (lib/db/sql-steps); on
// PostgreSQL the user's row is locked (one claim per user at a time) and candidates are read FOR UPDATE SKIP LOCKED
// (and, when that finds none, again waiting for the locks: see claim); on both, the slot is taken by a conditional
// UPDATE … WHERE slotsTaken < requiredRankings, and the lease is inserted only if the labeler has not ranked or
// skipped the comparison meanwhile (read after the row lock).
import { all, asBoolean, asDate, asNumber, asString, columns, dbKind, jsonValue, nullable, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { newId } from "@/lib/util/id";
import { asIdList, releaseSlot, takeSlot } from "./db-helpers";
import { loadTaskView, type TaskView } from "./load-task-view";
import { releaseExpiredLeases } from "./release-expired-leases";
import { shuffle } from "./shuffle";

export interface ClaimNextTaskOptions {
  db: Db;
  userId: string;
  leaseSeconds: number;
  /** Comparisons the page already shows (prefetch): a live lease on one of these is not returned again. */
  exclude?: string[];
  /** Of the user's live leases, this one first (a tab reloaded: the task it showed), unless excluded. */
  prefer?: string;
}

/** A project the labeler belongs to but is paused on: why no task of it is served. */
export interface PausedProject {
  projectId: string;
  name: string;
  reason: string;
}

export interface ClaimResult {
  task: TaskView | null;
  /** With no task: the labeler's projects that would have served them but for a pause. */
  paused: PausedProject[];
}

export function claimNextTask(options: ClaimNextTaskOptions): Promise<ClaimResult> {
  return runSteps(options.db, () => claim(options), { write: true });
}

const IdRow = columns({ id: asString });
const LiveLeaseRow = columns({ comparisonId: asString, shownOrder: asIdList, expiresAt: asDate, projectId: asString });
const ShownOrderRow = columns({ shownOrder: asIdList });
const ItemRow = columns({ completionId: asString });
const ProjectRow = columns({
  id: asString,
  name: asString,
  goldRate: asNumber,
  selection: asString,
  guidelinesVersion: asNumber,
  allowTies: asBoolean,
  allowNoneAcceptable: asBoolean,
  collectScores: asBoolean,
  pauseReason: nullable(asString),
});
type EligibleProject = Omit<ReturnType<typeof ProjectRow>, "pauseReason">;

/**
 * The labeler's ACTIVE projects, highest priority first, with what a task view shows of them, split by whether the
 * labeler is paused there (a live LabelerPause). One statement over small tables, by index.
 */
const eligibleProjects = step(function* (userId: string) {
  const projects = yield* all(
    Prisma.sql`
    SELECT p."id", p."name", p."goldRate", p."selection", p."guidelinesVersion", p."allowTies", p."allowNoneAcceptable", p."collectScores",
           (SELECT MIN(lp."reason") FROM "LabelerPause" lp WHERE lp."userId" = ${userId} AND lp."projectId" = p."id" AND lp."liftedAt" IS NULL) AS "pauseReason"
    FROM "Project" p
    WHERE p."status" = 'ACTIVE'
      AND (p."allLabelers" = true OR EXISTS (SELECT 1 FROM "ProjectMember" m WHERE m."projectId" = p."id" AND m."userId" = ${userId}))
    ORDER BY p."priority" DESC, p."createdAt" ASC`,
    ProjectRow,
  );
  const open: EligibleProject[] = [];
  const paused: PausedProject[] = [];
  for (const { pauseReason, ...project } of projects) {
    if (pauseReason === null) open.push(project);
    else paused.push({ projectId: project.id, name: project.name, reason: pauseReason });
  }
  return { open, paused };
});

/** What the task view shows of a project. */
function viewOf(project: EligibleProject) {
  const { id, name, guidelinesVersion, allowTies, allowNoneAcceptable, collectScores } = project;
  return { id, name, guidelinesVersion, allowTies, allowNoneAcceptable, collectScores };
}

const claim = step(function* ({ db, userId, leaseSeconds, exclude = [], prefer }: ClaimNextTaskOptions): Steps<ClaimResult> {
  const now = new Date();
  const postgres = dbKind(db) === "postgresql";
  if (postgres) yield* all(Prisma.sql`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`, IdRow);
  const { open, paused } = yield* eligibleProjects(userId);
  if (open.length === 0) return { task: null, paused };
  // The user already holds a live lease in a project still served to them (a reload, or another tab): the same task,
  // the preferred one first.
  const notExcluded = exclude.length ? Prisma.sql`AND l."comparisonId" NOT IN (${Prisma.join(exclude)})` : Prisma.empty;
  const preferred = prefer ? Prisma.sql`CASE WHEN l."comparisonId" = ${prefer} THEN 0 ELSE 1 END,` : Prisma.empty;
  const live = yield* one(
    Prisma.sql`
    SELECT l."comparisonId", l."shownOrder", l."expiresAt", c."projectId" FROM "Lease" l
    JOIN "Comparison" c ON c."id" = l."comparisonId"
    WHERE l."userId" = ${userId} AND l."slotHeld" = true AND l."expiresAt" > ${timestamp(db, now)} ${notExcluded}
      AND c."projectId" IN (${Prisma.join(open.map((p) => p.id))})
    ORDER BY ${preferred} l."createdAt" ASC LIMIT 1`,
    LiveLeaseRow,
  );
  if (live) {
    const project = open.find((p) => p.id === live.projectId);
    const task = yield* loadTaskView({
      comparisonId: live.comparisonId,
      shownOrder: live.shownOrder,
      leaseExpiresAt: live.expiresAt,
      project: project && viewOf(project),
    });
    return { task, paused: [] };
  }
  yield* releaseExpiredLeases({ db, now });

  // PostgreSQL: candidates are read SKIP LOCKED, so that concurrent claims take different comparisons without
  // waiting on one another. A row is also locked for a moment by writes that are not claims (the quality refresh just
  // after a ranking, an admin's edit): when that pass finds nothing, the candidates are read again waiting for their
  // locks, so a labeler is never told there is no task while one is only locked.
  const task =
    (yield* claimFrom(db, userId, open, postgres ? Prisma.sql`FOR UPDATE OF c SKIP LOCKED` : Prisma.empty, now, leaseSeconds)) ??
    (postgres ? yield* claimFrom(db, userId, open, Prisma.sql`FOR UPDATE OF c`, now, leaseSeconds) : null);
  return task ? { task, paused: [] } : { task: null, paused };
});

/** A task from the first of these projects with one for the user, candidates read with `lock`; null when none has. */
const claimFrom = step(function* (
  db: Db,
  userId: string,
  projects: EligibleProject[],
  lock: Prisma.Sql,
  now: Date,
  leaseSeconds: number,
): Steps<TaskView | null> {
  for (const project of projects) {
    // Decided once per project and pass: a gold task at the project's rate, while it has ordinary work too.
    const wantGold = project.goldRate > 0 && Math.random() < project.goldRate;
    for (let tries = 0; tries < 5; tries++) {
      const ordinary = yield* findCandidate(userId, project.id, lock, project.selection === "active");
      if (!ordinary) break;
      const gold = wantGold && tries === 0 ? yield* findGoldCandidate(userId, project.id) : null;
      const task = yield* lease(db, userId, (gold ?? ordinary).id, now, leaseSeconds, viewOf(project));
      if (task) return task;
    }
  }
  return null;
});

/** Takes a slot and writes (or renews) the user's lease; null when the slot or the lease was lost meanwhile. */
const lease = step(function* (
  db: Db,
  userId: string,
  comparisonId: string,
  now: Date,
  leaseSeconds: number,
  project: TaskView["project"],
): Steps<TaskView | null> {
  if (!(yield* takeSlot(comparisonId))) return null; // filled meanwhile (PostgreSQL): the next one
  const expiresAt = new Date(now.getTime() + leaseSeconds * 1000);
  const earlier = yield* one(
    Prisma.sql`SELECT "shownOrder" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId}`,
    ShownOrderRow,
  );
  let shownOrder: string[];
  if (earlier) {
    // A lease of this user that expired earlier: same order as before, the slot held again.
    shownOrder = earlier.shownOrder;
    const retaken = yield* run(Prisma.sql`
      UPDATE "Lease" SET "slotHeld" = true, "expiresAt" = ${timestamp(db, expiresAt)}
      WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId} AND "slotHeld" = false`);
    if (retaken === 0) {
      // A renewal of that lease took its slot back after the candidate was read (PostgreSQL, a candidate read that
      // waited for the row lock the renewal held): the slot is the lease's already, and the task is the same.
      yield* releaseSlot(comparisonId);
      yield* run(Prisma.sql`
        UPDATE "Lease" SET "expiresAt" = ${timestamp(db, expiresAt)}
        WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId} AND "expiresAt" < ${timestamp(db, expiresAt)}`);
    }
  } else {
    const items = yield* all(
      Prisma.sql`SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = ${comparisonId} ORDER BY "position" ASC`,
      ItemRow,
    );
    shownOrder = shuffle(items.map((i) => i.completionId));
    // The candidate was chosen on a snapshot taken before its row lock (PostgreSQL): a skip or ranking of this
    // labeler that committed in between is seen by this statement, which then inserts nothing.
    const inserted = yield* run(Prisma.sql`
      INSERT INTO "Lease" ("id", "comparisonId", "userId", "shownOrder", "expiresAt", "slotHeld", "createdAt")
      SELECT ${newId()}, ${comparisonId}, ${userId}, ${jsonValue(db, shownOrder)}, ${timestamp(db, expiresAt)}, true, ${timestamp(db, now)}
      WHERE NOT EXISTS (SELECT 1 FROM "Skip" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId})
        AND NOT EXISTS (SELECT 1 FROM "Ranking" WHERE "comparisonId" = ${comparisonId} AND "userId" = ${userId})`);
    if (inserted === 0) {
      yield* releaseSlot(comparisonId);
      return null;
    }
  }
  return yield* loadTaskView({ comparisonId, shownOrder, leaseExpiresAt: expiresAt, project });
});

/** How many of the most-advanced open comparisons the first query looks at (bounded work per claim). */
const WINDOW = 64;

/**
 * The candidate, in up to three index-backed steps, so that a claim never walks all comparisons this labeler has
 * already ranked (they stay open, at the top of the order, until other labelers complete them):
 *  1. the WINDOW open comparisons with the most rankings (closest to done), minus the user's own;
 *  2. else the oldest untouched comparison (rankingCount = 0: the user cannot have ranked it) — with active selection,
 *     first one of the most uncertain untouched comparisons (findUncertainCandidate);
 *  3. else (the pool is nearly exhausted) the full ordered scan.
 */
function notMine(userId: string) {
  return Prisma.sql`
        NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = ${userId})
    AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = ${userId})
    AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = ${userId} AND l."slotHeld" = true)`;
}

const findCandidate = step(function* (userId: string, projectId: string, lock: Prisma.Sql, active: boolean): Steps<{ id: string } | null> {
  const mine = notMine(userId);
  // The window is a derived table with LIMIT, which neither database flattens: it is read first (64 index entries),
  // then joined to Comparison by primary key (the row PostgreSQL locks).
  const advanced = yield* one(
    Prisma.sql`
    SELECT c."id" FROM (
        SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w
        WHERE w."projectId" = ${projectId} AND w."open" = true AND w."rankingCount" > 0
        ORDER BY w."rankingCount" DESC, w."createdAt" ASC
        LIMIT ${WINDOW}) win
    JOIN "Comparison" c ON c."id" = win."id"
    WHERE c."open" = true AND ${mine}
    ORDER BY win."rankingCount" DESC, win."createdAt" ASC
    LIMIT 1 ${lock}`,
    IdRow,
  );
  if (advanced) return advanced;
  if (active && Math.random() >= ACTIVE_USUAL_SHARE) {
    const uncertain = yield* findUncertainCandidate(userId, projectId, lock);
    if (uncertain) return uncertain;
  }
  const fresh = yield* one(
    Prisma.sql`
    SELECT c."id" FROM "Comparison" c
    WHERE c."projectId" = ${projectId} AND c."open" = true AND c."rankingCount" = 0 AND ${mine}
    ORDER BY c."rankingCount" DESC, c."createdAt" ASC
    LIMIT 1 ${lock}`,
    IdRow,
  );
  if (fresh) return fresh;
  return yield* one(
    Prisma.sql`
    SELECT c."id" FROM "Comparison" c
    WHERE c."projectId" = ${projectId} AND c."open" = true AND ${mine}
    ORDER BY c."rankingCount" DESC, c."createdAt" ASC
    LIMIT 1 ${lock}`,
    IdRow,
  );
});

/** Active selection: how many of the oldest untouched comparisons are read (the bound on a claim's work). */
const ACTIVE_POOL = 256;
/** … how many of those, the most uncertain, go on to the user's checks (so up to 56 skips of theirs are passed over) … */
const ACTIVE_SHORTLIST = 64;
/** … and among how many of the most uncertain the user may take the task is drawn at random (diversity). */
const ACTIVE_TOP = 8;
/** Share of an active project's claims served in the usual order instead (oldest untouched first): exploration. */
const ACTIVE_USUAL_SHARE = 0.25;

/**
 * Active selection: one of the ACTIVE_TOP most uncertain untouched comparisons the user may take, drawn at random,
 * so that labels do not pile onto one kind of prompt where the reward model is unsure. Cost without an index on
 * uncertainty: a range of at most ACTIVE_POOL entries of the (projectId, open, rankingCount, createdAt) index
 * (rankingCount = 0, oldest first) and their rows by primary key, a sort of those, then the user's unique-index
 * probes on the ACTIVE_SHORTLIST most uncertain only — bounded whatever the size of the project. Comparisons beyond
 * the oldest ACTIVE_POOL untouched ones wait until those are taken. Unscored comparisons (uncertainty null, e.g. made
 * after the last reward job) are left to the usual order, so a project with none scored is served as a random one.
 * The top few are read without a lock; the drawn one is then locked alone (PostgreSQL: FOR UPDATE SKIP LOCKED, open
 * re-checked on the current row), the next in the drawn order if another claim holds it, so concurrent claims lock
 * one row each, as in the usual order.
 */
const findUncertainCandidate = step(function* (userId: string, projectId: string, lock: Prisma.Sql): Steps<{ id: string } | null> {
  const rows = yield* all(
    Prisma.sql`
    SELECT c."id" FROM (
        SELECT p."id", p."u", p."createdAt" FROM (
            SELECT w."id", w."uncertainty" AS "u", w."createdAt" FROM "Comparison" w
            WHERE w."projectId" = ${projectId} AND w."open" = true AND w."rankingCount" = 0
            ORDER BY w."rankingCount" DESC, w."createdAt" ASC
            LIMIT ${ACTIVE_POOL}) p
        WHERE p."u" IS NOT NULL
        ORDER BY p."u" DESC, p."createdAt" ASC
        LIMIT ${ACTIVE_SHORTLIST}) top
    JOIN "Comparison" c ON c."id" = top."id"
    WHERE c."open" = true AND ${notMine(userId)}
    ORDER BY top."u" DESC, top."createdAt" ASC
    LIMIT ${ACTIVE_TOP}`,
    IdRow,
  );
  for (const row of shuffle(rows)) {
    const held = yield* one(Prisma.sql`SELECT c."id" FROM "Comparison" c WHERE c."id" = ${row.id} AND c."open" = true ${lock}`, IdRow);
    if (held) return held;
  }
  return null;
});

/**
 * A gold comparison of the project this labeler has not ranked, skipped or leased: the least-answered first, so the
 * gold set is covered evenly. Walks the (projectId, gold) index over the project's gold items, which are few. No
 * row lock to skip: gold comparisons have no cap, so labelers never compete for one.
 */
const findGoldCandidate = step(function* (userId: string, projectId: string): Steps<{ id: string } | null> {
  return yield* one(
    Prisma.sql`
    SELECT c."id" FROM "Comparison" c
    WHERE c."projectId" = ${projectId} AND c."gold" = true AND c."archivedAt" IS NULL AND ${notMine(userId)}
    ORDER BY c."rankingCount" ASC, c."createdAt" ASC
    LIMIT 1`,
    IdRow,
  );
});
