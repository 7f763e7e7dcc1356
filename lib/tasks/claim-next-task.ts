// Assignment: the next comparison for a labeler. Never one they ranked, skipped or already hold; never beyond
// requiredRankings (live leases + rankings = slotsTaken); closest to done first (most rankings, then oldest).
// The candidate queries walk the index (open, rankingCount DESC, createdAt) and probe the user's rankings, skips and
// leases through their unique indexes, with a bounded window first (see findCandidate), so the cost of a claim grows
// neither with the number of comparisons nor with how many the labeler has already ranked.
// Concurrency: on SQLite the whole claim is one synchronous BEGIN IMMEDIATE transaction (lib/db/sql-steps); on
// PostgreSQL the user's row is locked (one claim per user at a time) and candidates are read FOR UPDATE SKIP LOCKED;
// on both, the slot is taken by a conditional UPDATE … WHERE slotsTaken < requiredRankings, and the lease is
// inserted only if the labeler has not ranked or skipped the comparison meanwhile (read after the row lock).
import { all, asDate, asString, columns, dbKind, jsonValue, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
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
}

export function claimNextTask(options: ClaimNextTaskOptions): Promise<TaskView | null> {
  return runSteps(options.db, () => claim(options), { write: true });
}

const IdRow = columns({ id: asString });
const LiveLeaseRow = columns({ comparisonId: asString, shownOrder: asIdList, expiresAt: asDate });
const ShownOrderRow = columns({ shownOrder: asIdList });
const ItemRow = columns({ completionId: asString });

const claim = step(function* ({ db, userId, leaseSeconds, exclude = [] }: ClaimNextTaskOptions): Steps<TaskView | null> {
  const now = new Date();
  const postgres = dbKind(db) === "postgresql";
  if (postgres) yield* all(Prisma.sql`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`, IdRow);
  // The user already holds a live lease (a reload, or another tab): the same task again.
  const notExcluded = exclude.length ? Prisma.sql`AND "comparisonId" NOT IN (${Prisma.join(exclude)})` : Prisma.empty;
  const live = yield* one(
    Prisma.sql`
    SELECT "comparisonId", "shownOrder", "expiresAt" FROM "Lease"
    WHERE "userId" = ${userId} AND "slotHeld" = true AND "expiresAt" > ${timestamp(db, now)} ${notExcluded}
    ORDER BY "createdAt" ASC LIMIT 1`,
    LiveLeaseRow,
  );
  if (live) {
    return yield* loadTaskView({ comparisonId: live.comparisonId, shownOrder: live.shownOrder, leaseExpiresAt: live.expiresAt });
  }
  yield* releaseExpiredLeases({ db, now });

  const lock = postgres ? Prisma.sql`FOR UPDATE OF c SKIP LOCKED` : Prisma.empty;
  for (let tries = 0; tries < 5; tries++) {
    const candidate = yield* findCandidate(userId, lock);
    if (!candidate) return null;
    if (!(yield* takeSlot(candidate.id))) continue; // filled meanwhile (PostgreSQL): the next one
    const expiresAt = new Date(now.getTime() + leaseSeconds * 1000);
    const earlier = yield* one(
      Prisma.sql`SELECT "shownOrder" FROM "Lease" WHERE "comparisonId" = ${candidate.id} AND "userId" = ${userId}`,
      ShownOrderRow,
    );
    let shownOrder: string[];
    if (earlier) {
      // A lease of this user that expired earlier: same order as before, the slot held again.
      shownOrder = earlier.shownOrder;
      yield* run(Prisma.sql`
        UPDATE "Lease" SET "slotHeld" = true, "expiresAt" = ${timestamp(db, expiresAt)}
        WHERE "comparisonId" = ${candidate.id} AND "userId" = ${userId}`);
    } else {
      const items = yield* all(
        Prisma.sql`SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = ${candidate.id} ORDER BY "position" ASC`,
        ItemRow,
      );
      shownOrder = shuffle(items.map((i) => i.completionId));
      // The candidate was chosen on a snapshot taken before its row lock (PostgreSQL): a skip or ranking of this
      // labeler that committed in between is seen by this statement, which then inserts nothing.
      const inserted = yield* run(Prisma.sql`
        INSERT INTO "Lease" ("id", "comparisonId", "userId", "shownOrder", "expiresAt", "slotHeld", "createdAt")
        SELECT ${newId()}, ${candidate.id}, ${userId}, ${jsonValue(db, shownOrder)}, ${timestamp(db, expiresAt)}, true, ${timestamp(db, now)}
        WHERE NOT EXISTS (SELECT 1 FROM "Skip" WHERE "comparisonId" = ${candidate.id} AND "userId" = ${userId})
          AND NOT EXISTS (SELECT 1 FROM "Ranking" WHERE "comparisonId" = ${candidate.id} AND "userId" = ${userId})`);
      if (inserted === 0) {
        yield* releaseSlot(candidate.id);
        continue;
      }
    }
    return yield* loadTaskView({ comparisonId: candidate.id, shownOrder, leaseExpiresAt: expiresAt });
  }
  return null;
});

/** How many of the most-advanced open comparisons the first query looks at (bounded work per claim). */
const WINDOW = 64;

/**
 * The candidate, in up to three index-backed steps, so that a claim never walks all comparisons this labeler has
 * already ranked (they stay open, at the top of the order, until other labelers complete them):
 *  1. the WINDOW open comparisons with the most rankings (closest to done), minus the user's own;
 *  2. else the oldest untouched comparison (rankingCount = 0: the user cannot have ranked it);
 *  3. else (the pool is nearly exhausted) the full ordered scan.
 */
const findCandidate = step(function* (userId: string, lock: Prisma.Sql): Steps<{ id: string } | null> {
  const notMine = Prisma.sql`
        NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = ${userId})
    AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = ${userId})
    AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = ${userId} AND l."slotHeld" = true)`;
  // The window is a derived table with LIMIT, which neither database flattens: it is read first (64 index entries),
  // then joined to Comparison by primary key (the row PostgreSQL locks).
  const advanced = yield* one(
    Prisma.sql`
    SELECT c."id" FROM (
        SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w
        WHERE w."open" = true AND w."rankingCount" > 0
        ORDER BY w."rankingCount" DESC, w."createdAt" ASC
        LIMIT ${WINDOW}) win
    JOIN "Comparison" c ON c."id" = win."id"
    WHERE c."open" = true AND ${notMine}
    ORDER BY win."rankingCount" DESC, win."createdAt" ASC
    LIMIT 1 ${lock}`,
    IdRow,
  );
  if (advanced) return advanced;
  const fresh = yield* one(
    Prisma.sql`
    SELECT c."id" FROM "Comparison" c
    WHERE c."open" = true AND c."rankingCount" = 0 AND ${notMine}
    ORDER BY c."rankingCount" DESC, c."createdAt" ASC
    LIMIT 1 ${lock}`,
    IdRow,
  );
  if (fresh) return fresh;
  return yield* one(
    Prisma.sql`
    SELECT c."id" FROM "Comparison" c
    WHERE c."open" = true AND ${notMine}
    ORDER BY c."rankingCount" DESC, c."createdAt" ASC
    LIMIT 1 ${lock}`,
    IdRow,
  );
});
