// Assignment: the next comparison for a labeler. Never one they ranked, skipped or already hold; never beyond
// requiredRankings (live leases + rankings = slotsTaken); closest to done first (most rankings, then oldest).
// The candidate queries walk the index (open, rankingCount DESC, createdAt) and probe the user's rankings, skips and
// leases through their unique indexes, with a bounded window first (see findCandidate), so the cost of a claim grows
// neither with the number of comparisons nor with how many the labeler has already ranked.
// Concurrency: SQLite has one writer (the write lock is taken by the first statement); on PostgreSQL the user's row
// is locked (one claim per user at a time) and candidates are read FOR UPDATE SKIP LOCKED; on both, the slot is taken
// by a conditional UPDATE … WHERE slotsTaken < requiredRankings.
import { Prisma, type Db } from "@/lib/db";
import { newId } from "@/lib/util/id";
import { beginWrite, parseIdList, providerOf, takeSlot, type Tx } from "./db-helpers";
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

interface Claimed {
  comparisonId: string;
  shownOrder: string[];
  expiresAt: Date;
}

export async function claimNextTask({ db, userId, leaseSeconds, exclude = [] }: ClaimNextTaskOptions): Promise<TaskView | null> {
  const provider = providerOf(db);
  // Fast path, no write: the user already holds a live lease (a reload) → the same task again.
  const live = await findLiveLease(db, userId, exclude, new Date());
  if (live) return loadTaskView({ db, comparisonId: live.comparisonId, shownOrder: live.shownOrder, leaseExpiresAt: live.expiresAt });

  let claimed: Claimed | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      claimed = await db.$transaction((tx) => claimInTransaction({ tx, provider, userId, leaseSeconds, exclude }), {
        timeout: 15_000,
        maxWait: 15_000,
      });
      break;
    } catch (err) {
      // PostgreSQL: a deadlock or serialization failure between sweeps and claims is retried as a whole.
      if (attempt >= 3 || provider === "sqlite") throw err;
    }
  }
  if (!claimed) return null;
  return loadTaskView({ db, comparisonId: claimed.comparisonId, shownOrder: claimed.shownOrder, leaseExpiresAt: claimed.expiresAt });
}

async function findLiveLease(db: Db | Tx, userId: string, exclude: string[], now: Date): Promise<Claimed | null> {
  const lease = await db.lease.findFirst({
    where: { userId, slotHeld: true, expiresAt: { gt: now }, ...(exclude.length ? { comparisonId: { notIn: exclude } } : {}) },
    select: { comparisonId: true, shownOrder: true, expiresAt: true },
    orderBy: { createdAt: "asc" },
  });
  return lease ? { comparisonId: lease.comparisonId, shownOrder: parseIdList(lease.shownOrder), expiresAt: lease.expiresAt } : null;
}

interface ClaimInTransactionOptions {
  tx: Tx;
  provider: "sqlite" | "postgresql";
  userId: string;
  leaseSeconds: number;
  exclude: string[];
}

async function claimInTransaction({ tx, provider, userId, leaseSeconds, exclude }: ClaimInTransactionOptions): Promise<Claimed | null> {
  const now = new Date();
  await beginWrite(tx, provider);
  if (provider === "postgresql") await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  // Another request of the same user may have claimed meanwhile.
  const live = await findLiveLease(tx, userId, exclude, now);
  if (live) return live;
  await releaseExpiredLeases({ tx, now });

  const lock = provider === "postgresql" ? Prisma.sql`FOR UPDATE OF c SKIP LOCKED` : Prisma.empty;
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await findCandidate(tx, userId, lock);
    if (!candidate) return null;
    if (!(await takeSlot(tx, candidate.id))) continue; // filled meanwhile: the next one
    const expiresAt = new Date(now.getTime() + leaseSeconds * 1000);
    const earlier = await tx.lease.findUnique({
      where: { comparisonId_userId: { comparisonId: candidate.id, userId } },
      select: { shownOrder: true },
    });
    let shownOrder: string[];
    if (earlier) {
      // A lease of this user that expired earlier: same order as before, the slot held again.
      shownOrder = parseIdList(earlier.shownOrder);
      await tx.lease.update({
        where: { comparisonId_userId: { comparisonId: candidate.id, userId } },
        data: { slotHeld: true, expiresAt },
        select: { id: true },
      });
    } else {
      const items = await tx.comparisonItem.findMany({ where: { comparisonId: candidate.id }, select: { completionId: true } });
      shownOrder = shuffle(items.map((i) => i.completionId));
      await tx.lease.create({
        data: { id: newId(), comparisonId: candidate.id, userId, shownOrder, expiresAt },
        select: { id: true },
      });
    }
    return { comparisonId: candidate.id, shownOrder, expiresAt };
  }
  return null;
}

/** How many of the most-advanced open comparisons the first query looks at (bounded work per claim). */
const WINDOW = 64;

/**
 * The candidate, in up to three index-backed steps, so that a claim never walks all comparisons this labeler has
 * already ranked (they stay open, at the top of the order, until other labelers complete them):
 *  1. the WINDOW open comparisons with the most rankings (closest to done), minus the user's own;
 *  2. else the oldest untouched comparison (rankingCount = 0: the user cannot have ranked it);
 *  3. else (the pool is nearly exhausted) the full ordered scan.
 */
async function findCandidate(tx: Tx, userId: string, lock: Prisma.Sql): Promise<{ id: string } | null> {
  const notMine = Prisma.sql`
        NOT EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = c."id" AND r."userId" = ${userId})
    AND NOT EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = c."id" AND s."userId" = ${userId})
    AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."userId" = ${userId} AND l."slotHeld" = true)`;
  // The window is a derived table with LIMIT, which neither database flattens: it is read first (64 index entries),
  // then joined to Comparison by primary key (the row PostgreSQL locks).
  const advanced = await tx.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM (
        SELECT w."id", w."rankingCount", w."createdAt" FROM "Comparison" w
        WHERE w."open" = true AND w."rankingCount" > 0
        ORDER BY w."rankingCount" DESC, w."createdAt" ASC
        LIMIT ${WINDOW}) win
    JOIN "Comparison" c ON c."id" = win."id"
    WHERE c."open" = true AND ${notMine}
    ORDER BY win."rankingCount" DESC, win."createdAt" ASC
    LIMIT 1 ${lock}`;
  if (advanced[0]) return advanced[0];
  const fresh = await tx.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Comparison" c
    WHERE c."open" = true AND c."rankingCount" = 0 AND ${notMine}
    ORDER BY c."rankingCount" DESC, c."createdAt" ASC
    LIMIT 1 ${lock}`;
  if (fresh[0]) return fresh[0];
  const any = await tx.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Comparison" c
    WHERE c."open" = true AND ${notMine}
    ORDER BY c."rankingCount" DESC, c."createdAt" ASC
    LIMIT 1 ${lock}`;
  return any[0] ?? null;
}
