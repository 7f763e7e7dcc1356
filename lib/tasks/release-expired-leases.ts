// Lazy reclaim of expired leases: each one gives its slot back (Lease.slotHeld = false) but keeps its row, the record
// of what that labeler was shown, so a late ranking can still be accepted while the comparison has room.
// Runs at the start of every claim; the (slotHeld, expiresAt) index makes the no-op case one index probe.
import { all, Prisma, run, timestamp, type Db, type Steps } from "@/lib/db";
import { releaseSlot } from "./db-helpers";

export interface ReleaseExpiredLeasesOptions {
  db: Db;
  now: Date;
  /** At most this many leases per call, so a claim never does unbounded work. */
  limit?: number;
}

export function* releaseExpiredLeases({ db, now, limit = 50 }: ReleaseExpiredLeasesOptions): Steps<number> {
  const expired = yield* all<{ id: string; comparisonId: string }>(Prisma.sql`
    SELECT "id", "comparisonId" FROM "Lease"
    WHERE "slotHeld" = true AND "expiresAt" < ${timestamp(db, now)}
    ORDER BY "id" ASC LIMIT ${limit}`);
  let released = 0;
  for (const lease of expired) {
    // Conditional: under PostgreSQL another transaction may release (or rank) the same lease at the same time.
    const count = yield* run(Prisma.sql`
      UPDATE "Lease" SET "slotHeld" = false
      WHERE "id" = ${lease.id} AND "slotHeld" = true AND "expiresAt" < ${timestamp(db, now)}`);
    if (count === 1) {
      yield* releaseSlot(lease.comparisonId);
      released++;
    }
  }
  return released;
}
