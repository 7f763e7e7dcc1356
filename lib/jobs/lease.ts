// Lease timing of the queue. A worker holds a job while it renews the lease; a job whose lease lapsed (the worker
// died or hung) may be claimed by another worker. Ticks must be several times shorter than the lease.
/** How long a claim or heartbeat holds a job. */
export const DEFAULT_LEASE_MS = 30_000;
/** How often a running job renews its lease, writes progress and reads cancelRequested. */
export const DEFAULT_HEARTBEAT_MS = 2_000;
/** Wait before a failed attempt may run again (the queue's leaseExpiresAt doubles as "not before"). */
export const DEFAULT_RETRY_DELAY_MS = 5_000;

export function leaseUntil(now: Date, leaseMs: number): Date {
  return new Date(now.getTime() + leaseMs);
}
