// Lazy reclaim of expired leases: each one gives its slot back (Lease.slotHeld = false) but keeps its row, the record
// of what that labeler was shown, so a late ranking can still be accepted while the comparison has room.
// Runs at the start of every claim; the (slotHeld, expiresAt) index makes the no-op case one index probe.
// On PostgreSQL the comparisons are locked as every operation on a task locks them (lib/tasks/db-helpers), and one
// that another operation holds right now is left for a later claim (SKIP LOCKED: a claim never waits here).
import { all, asString, columns, dbKind, Prisma, run, step, timestamp, type Db, type Steps } from "@/lib/db";
import { releaseSlot } from "./db-helpers";

export interface ReleaseExpiredLeasesOptions {
  db: Db;
  now: Date;
  /** At most this many leases per call, so a claim never does unbounded work. */
  limit?: number;
}

const ExpiredRow = columns({ id: asString, comparisonId: asString });

export const releaseExpiredLeases = step(function* ({ db, now, limit = 50 }: ReleaseExpiredLeasesOptions): Steps<number> {
  const postgres = dbKind(db) === "postgresql";
  const expired = yield* all(
    Prisma.sql`
    SELECT l."id", l."comparisonId" FROM "Lease" l
    ${postgres ? Prisma.sql`JOIN "Comparison" c ON c."id" = l."comparisonId"` : Prisma.empty}
    WHERE l."slotHeld" = true AND l."expiresAt" < ${timestamp(db, now)}
    ORDER BY l."id" ASC LIMIT ${limit}
    ${postgres ? Prisma.sql`FOR UPDATE OF c SKIP LOCKED` : Prisma.empty}`,
    ExpiredRow,
  );
  let released = 0;
  for (const lease of expired) {
    // Conditional: the lease may have been ranked, skipped or renewed between the snapshot above and the lock.
    const count = yield* run(Prisma.sql`
      UPDATE "Lease" SET "slotHeld" = false
      WHERE "id" = ${lease.id} AND "slotHeld" = true AND "expiresAt" < ${timestamp(db, now)}`);
    if (count === 1) {
      yield* releaseSlot(lease.comparisonId);
      released++;
    }
  }
  return released;
});
