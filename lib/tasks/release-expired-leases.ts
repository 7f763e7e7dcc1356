// Lazy reclaim of expired leases: each one gives its slot back (Lease.slotHeld = false) but keeps its row, the record
// of what that labeler was shown, so a late ranking can still be accepted while the comparison has room.
// Runs at the start of every claim transaction; the (slotHeld, expiresAt) index makes the no-op case one index probe.
import { releaseSlot, type Tx } from "./db-helpers";

export interface ReleaseExpiredLeasesOptions {
  tx: Tx;
  now: Date;
  /** At most this many leases per call, so a claim never does unbounded work. */
  limit?: number;
}

export async function releaseExpiredLeases({ tx, now, limit = 50 }: ReleaseExpiredLeasesOptions): Promise<number> {
  const expired = await tx.lease.findMany({
    where: { slotHeld: true, expiresAt: { lt: now } },
    select: { id: true, comparisonId: true },
    orderBy: { id: "asc" },
    take: limit,
  });
  let released = 0;
  for (const lease of expired) {
    // Conditional: under PostgreSQL another transaction may release (or rank) the same lease at the same time.
    const { count } = await tx.lease.updateMany({
      where: { id: lease.id, slotHeld: true, expiresAt: { lt: now } },
      data: { slotHeld: false },
    });
    if (count === 1) {
      await releaseSlot(tx, lease.comparisonId);
      released++;
    }
  }
  return released;
}
