// lib/db/sql-steps on PostgreSQL, where units of work run on the direct `pg` pool: one pooled connection serves one
// unit after another with its statements prepared once, a failed unit leaves nothing behind, deadlocks and
// serialization failures run the unit again, database errors reach lib/errors as Prisma's, a unit that finds no free
// connection in time gets a 503, and what the pool writes and reads matches Prisma's values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  all,
  asNumber,
  columns,
  jsonValue,
  one,
  openDb,
  Prisma,
  run,
  runSteps,
  timestamp,
  type Db,
  type Row,
  type Steps,
} from "@/lib/db";
import { postgresPoolOf } from "@/lib/db/client";
import { toAppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";
import { createTestComparisons, createTestUser } from "../support/factories";
import { createTestDatabase } from "../support/servers";

function* insertSession(db: Db, userId: string): Steps<string> {
  const id = newId();
  yield* run(Prisma.sql`
    INSERT INTO "Session" ("id", "tokenHash", "userId", "expiresAt", "createdAt")
    VALUES (${id}, ${newId()}, ${userId}, ${timestamp(db, new Date())}, ${timestamp(db, new Date())})`);
  return id;
}

const backendPid = () => one(Prisma.sql`SELECT pg_backend_pid() AS "pid"`, columns({ pid: asNumber }));
/** Rows exactly as the driver path returns them (these tests compare them with Prisma's own). */
const rawRow = (row: Row): Row => row;

describe("SQL steps on the PostgreSQL pool", () => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase("postgresql");
    url = database.url;
    drop = database.drop;
    db = await openDb({ url: database.url, poolSize: 3 });
    // Raises a serialization failure (SQLSTATE 40001) when asked to, as a concurrent SERIALIZABLE writer would.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION test_serialization_failure(fail boolean) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        IF fail THEN RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001'; END IF;
        RETURN 1;
      END $$`);
  });
  afterAll(async () => {
    await db.$disconnect();
    await drop();
  });

  it("runs one unit after another on the same pooled connection, parsing each statement once", async () => {
    const pids = [];
    for (let i = 0; i < 5; i++) pids.push((await runSteps(db, backendPid, { write: i % 2 === 0 }))?.pid);
    expect(new Set(pids).size).toBe(1);
    const prepared = await runSteps(
      db,
      () =>
        one(
          Prisma.sql`
          SELECT COUNT(*) AS "n", pg_backend_pid() AS "pid" FROM pg_prepared_statements WHERE statement LIKE '%pg_backend_pid() AS "pid"'`,
          rawRow,
        ),
      { write: false },
    );
    expect(prepared).toEqual({ n: 1n, pid: pids[0] });
    expect(postgresPoolOf(db).totalCount).toBeLessThanOrEqual(3);
  });

  it("rolls back the unit's earlier writes when a statement fails, and reports a unique violation as a 409", async () => {
    const user = await createTestUser(db);
    let written = "";
    const attempt = runSteps(
      db,
      function* () {
        written = yield* insertSession(db, user.id);
        yield* run(Prisma.sql`
          INSERT INTO "User" ("id", "email", "name", "role", "passwordHash", "pseudonym", "createdAt")
          VALUES (${newId()}, ${user.email}, 'copy', 'LABELER', 'x', ${newId()}, ${timestamp(db, new Date())})`);
      },
      { write: true },
    );
    const err = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P2002" });
    expect(toAppError(err)?.status).toBe(409);
    expect(written).not.toBe("");
    expect(await db.session.count({ where: { id: written } })).toBe(0);
  });

  it("runs a unit again after a serialization failure, keeping only the last attempt's writes", async () => {
    const user = await createTestUser(db);
    const ids: string[] = [];
    const id = await runSteps(
      db,
      function* () {
        const sessionId = yield* insertSession(db, user.id);
        ids.push(sessionId);
        yield* all(Prisma.sql`SELECT test_serialization_failure(${ids.length === 1})`, rawRow);
        return sessionId;
      },
      { write: true },
    );
    expect(ids).toHaveLength(2);
    expect(id).toBe(ids[1]);
    expect(await db.session.count({ where: { id: { in: ids } } })).toBe(1);
  });

  it("gives up after three serialization failures with Prisma's write-conflict error", async () => {
    const user = await createTestUser(db);
    let attempts = 0;
    const attempt = runSteps(
      db,
      function* () {
        attempts++;
        yield* insertSession(db, user.id);
        yield* all(Prisma.sql`SELECT test_serialization_failure(true)`, rawRow);
      },
      { write: true },
    );
    await expect(attempt).rejects.toMatchObject({ code: "P2034" });
    expect(attempts).toBe(3);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("lets both of two units that lock the same rows in opposite orders commit (the deadlock victim runs again)", async () => {
    const [a, b] = await Promise.all([createTestUser(db), createTestUser(db)]);
    let attempts = 0;
    const lockBoth = (first: string, second: string) =>
      function* (): Steps<void> {
        attempts++;
        yield* run(Prisma.sql`UPDATE "User" SET "name" = "name" || '+' WHERE "id" = ${first}`);
        yield* all(Prisma.sql`SELECT pg_sleep(0.3)`, rawRow);
        yield* run(Prisma.sql`UPDATE "User" SET "name" = "name" || '+' WHERE "id" = ${second}`);
      };
    await Promise.all([
      runSteps(db, lockBoth(a!.id, b!.id), { write: true }),
      runSteps(db, lockBoth(b!.id, a!.id), { write: true }),
    ]);
    expect(attempts).toBe(3);
    const names = await db.user.findMany({ where: { id: { in: [a!.id, b!.id] } }, select: { name: true } });
    expect(names.map((u) => u.name.endsWith("++"))).toEqual([true, true]);
  });

  it("writes dates and JSON that Prisma reads back unchanged, and reads rows as Prisma's $queryRaw does", async () => {
    const user = await createTestUser(db);
    const [comparison] = await createTestComparisons(db);
    const shownOrder = [...comparison!.completionIds].reverse();
    const expiresAt = new Date("2031-02-03T04:05:06.789Z");
    const leaseId = newId();
    await runSteps(
      db,
      () =>
        run(Prisma.sql`
          INSERT INTO "Lease" ("id", "comparisonId", "userId", "shownOrder", "expiresAt", "slotHeld", "createdAt")
          VALUES (${leaseId}, ${comparison!.id}, ${user.id}, ${jsonValue(db, shownOrder)}, ${timestamp(db, expiresAt)}, true, ${timestamp(db, expiresAt)})`),
      { write: true },
    );
    const lease = await db.lease.findUniqueOrThrow({
      where: { id: leaseId },
      select: { shownOrder: true, expiresAt: true },
    });
    expect(lease).toEqual({ shownOrder, expiresAt });

    const query = Prisma.sql`
      SELECT "shownOrder", "expiresAt", "slotHeld", COUNT(*) OVER () AS "n", 1.25::numeric AS "d", DATE '2031-02-03' AS "day"
      FROM "Lease" WHERE "id" = ${leaseId}`;
    const viaPool = await runSteps(db, () => all(query, rawRow), { write: false });
    const viaPrisma = await db.$queryRaw(query);
    expect(viaPool).toEqual(viaPrisma);
    expect(viaPool).toEqual([expect.objectContaining({ shownOrder, expiresAt, slotHeld: true, n: 1n })]);
  });

  it("answers 503 when no pooled connection frees up within the timeout, and runs later units once one does", async () => {
    const small = await openDb({ url, poolSize: 1 });
    const holding = runSteps(small, () => all(Prisma.sql`SELECT pg_sleep(0.5)`, rawRow), { write: false });
    const waiting = runSteps(small, backendPid, { write: true, timeoutMs: 100 });
    await expect(waiting).rejects.toMatchObject({ code: "UNAVAILABLE", status: 503 });
    await holding;
    expect(await runSteps(small, backendPid, { write: true, timeoutMs: 100 })).toMatchObject({
      pid: expect.any(Number),
    });
    await small.$queryRaw`SELECT 1`;
    await small.$disconnect();
  });

  it("closes its pool when the client disconnects", async () => {
    const database = await createTestDatabase("postgresql");
    const other = await openDb({ url: database.url, poolSize: 2 });
    await runSteps(other, backendPid, { write: false });
    const pool = postgresPoolOf(other);
    expect(pool.totalCount).toBe(1);
    await other.$queryRaw`SELECT 1`;
    await other.$disconnect();
    expect(pool.ended).toBe(true);
    expect(pool.totalCount).toBe(0);
    await database.drop();
  });
});
