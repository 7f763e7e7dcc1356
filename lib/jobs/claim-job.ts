// Atomic claim of the oldest runnable job by one worker. Runnable: QUEUED, or RUNNING with a lapsed lease (its
// worker died or hung), not cancel-requested, attempts < maxAttempts, and leaseExpiresAt (a retry's "not before")
// in the past. PostgreSQL picks the candidate with `SELECT … FOR UPDATE SKIP LOCKED` inside a transaction, so
// concurrent workers skip each other's rows instead of queueing on them; SQLite (one writer at a time) reads a few
// candidates and takes one with a guarded UPDATE. On both, the guarded UPDATE's affected-row count decides who won.
// First, jobs waiting for a predecessor (`after`, see job-after.ts) are released or failed.
import { Prisma, type Db } from "@/lib/db";
import { settleWaitingJobs } from "./job-after";
import { DEFAULT_LEASE_MS, leaseUntil } from "./lease";
import type { TJobType } from "./job-config";

export interface ClaimedJob {
  id: string;
  type: string;
  config: Prisma.JsonValue;
  /** This attempt's number (1 = first run). */
  attempts: number;
  maxAttempts: number;
  /** Progress saved by an earlier attempt (a resumed job starts from its checkpoint). */
  step: number;
  totalSteps: number;
  createdById: string | null;
  startedAt: Date;
  leaseExpiresAt: Date;
}

export interface ClaimJobOptions {
  db: Db;
  /** Unique per worker process, e.g. "host:pid:random". */
  workerId: string;
  leaseMs?: number;
  /** Only these types; default all. */
  types?: readonly TJobType[];
  now?: Date;
}

const SQLITE_CANDIDATES = 5;

type Tx = Prisma.TransactionClient;

function claimableWhere(db: Db, now: Date, types?: readonly string[]): Prisma.JobWhereInput {
  return {
    status: { in: ["QUEUED", "RUNNING"] },
    cancelRequested: false,
    attempts: { lt: db.job.fields.maxAttempts },
    OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    ...(types ? { type: { in: [...types] } } : {}),
  };
}

/** Settles RUNNING jobs whose worker vanished and that must not run again: cancel-requested or out of attempts. */
async function settleAbandoned(db: Db, now: Date): Promise<void> {
  const lapsed = { status: "RUNNING" as const, leaseExpiresAt: { lt: now } };
  await db.job.updateMany({
    where: { ...lapsed, cancelRequested: true },
    data: { status: "CANCELLED", finishedAt: now, leaseOwner: null, leaseExpiresAt: null },
  });
  await db.job.updateMany({
    where: { ...lapsed, cancelRequested: false, attempts: { gte: db.job.fields.maxAttempts } },
    data: {
      status: "FAILED",
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
      error: "The worker running the last attempt stopped renewing its lease (crashed or was killed)",
    },
  });
}

/** Whether `db` talks to PostgreSQL (the generated client records its provider). */
function isPostgres(db: Db): boolean {
  const provider: unknown = Reflect.get(db, "_activeProvider");
  return provider === "postgresql";
}

export async function claimJob({
  db,
  workerId,
  leaseMs = DEFAULT_LEASE_MS,
  types,
  now = new Date(),
}: ClaimJobOptions): Promise<ClaimedJob | null> {
  await settleAbandoned(db, now);
  await settleWaitingJobs({ db, now });
  const where = claimableWhere(db, now, types);
  const take = async (client: Db | Tx, id: string): Promise<boolean> => {
    const won = await client.job.updateMany({
      where: { id, ...where },
      data: {
        status: "RUNNING",
        leaseOwner: workerId,
        leaseExpiresAt: leaseUntil(now, leaseMs),
        heartbeatAt: now,
        attempts: { increment: 1 },
        // A new attempt measures its own pace of steps (after its own start-up).
        paceStep: null,
        paceAt: null,
      },
    });
    return won.count === 1;
  };

  let claimedId: string | null = null;
  if (isPostgres(db)) {
    const typeFilter = types ? Prisma.sql`AND "type" IN (${Prisma.join([...types])})` : Prisma.empty;
    claimedId = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Job"
        WHERE "status" IN ('QUEUED', 'RUNNING') AND "cancelRequested" = false AND "attempts" < "maxAttempts"
          AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ${now}) ${typeFilter}
        ORDER BY "createdAt", "id"
        LIMIT 1
        FOR UPDATE SKIP LOCKED`;
      const id = rows[0]?.id;
      return id && (await take(tx, id)) ? id : null;
    });
  } else {
    const candidates = await db.job.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: SQLITE_CANDIDATES,
      select: { id: true },
    });
    for (const { id } of candidates) {
      if (await take(db, id)) {
        claimedId = id;
        break;
      }
    }
  }
  if (!claimedId) return null;

  const job = await db.job.findUniqueOrThrow({
    where: { id: claimedId },
    select: {
      id: true,
      type: true,
      config: true,
      attempts: true,
      maxAttempts: true,
      step: true,
      totalSteps: true,
      createdById: true,
      startedAt: true,
    },
  });
  let startedAt = job.startedAt;
  if (!startedAt) {
    startedAt = now;
    await db.job.updateMany({ where: { id: job.id, leaseOwner: workerId }, data: { startedAt } });
  }
  return { ...job, startedAt, leaseExpiresAt: leaseUntil(now, leaseMs) };
}
