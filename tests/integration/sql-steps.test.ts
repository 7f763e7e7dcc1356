// lib/db/sql-steps on real databases: a unit of work commits whole or not at all, values written by it read back
// through Prisma unchanged, rows are decoded column by column, a step created without `yield*` fails the unit, and on
// SQLite a write waits for another connection's lock without blocking the event loop, in arrival order, and the WAL
// stays bounded.
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asBoolean,
  asDate,
  asNumber,
  asString,
  closeDirectConnection,
  columns,
  one,
  openDb,
  Prisma,
  run,
  runSteps,
  sqliteFileOf,
  step,
  timestamp,
  type Db,
  type DbKind,
  type Steps,
} from "@/lib/db";
import { AppError, toErrorResponse } from "@/lib/errors";
import { createTestDatabase } from "../support/servers";
import { createTestUser } from "../support/factories";
import { newId } from "@/lib/util/id";

const KINDS: DbKind[] = ["sqlite", "postgresql"];

const insertSession = step(function* (db: Db, userId: string, expiresAt: Date): Steps<string> {
  const id = newId();
  yield* run(Prisma.sql`
    INSERT INTO "Session" ("id", "tokenHash", "userId", "expiresAt", "createdAt")
    VALUES (${id}, ${newId()}, ${userId}, ${timestamp(db, expiresAt)}, ${timestamp(db, new Date())})`);
  return id;
});

const CountRow = columns({ n: asNumber });

const countSessions = () => one(Prisma.sql`SELECT COUNT(*) AS "n" FROM "Session"`, CountRow);

for (const kind of KINDS) {
  describe(`SQL steps [${kind}]`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const database = await createTestDatabase(kind);
      drop = database.drop;
      db = await openDb({ url: database.url, poolSize: 2 });
    });
    afterAll(async () => {
      closeDirectConnection(db);
      await db.$disconnect();
      await drop();
    });

    it("writes dates that Prisma reads back to the millisecond", async () => {
      const user = await createTestUser(db);
      const expiresAt = new Date("2031-02-03T04:05:06.789Z");
      const id = await runSteps(db, () => insertSession(db, user.id, expiresAt), { write: true });
      const row = await db.session.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } });
      expect(row.expiresAt.toISOString()).toBe(expiresAt.toISOString());
      const earlier = await db.session.count({
        where: { id, expiresAt: { lt: new Date("2031-02-03T04:05:06.790Z") } },
      });
      expect(earlier).toBe(1);
    });

    it("rolls every write of the unit back when a later step throws", async () => {
      const user = await createTestUser(db);
      let written = "";
      await expect(
        runSteps(
          db,
          function* () {
            written = yield* insertSession(db, user.id, new Date());
            throw new AppError("CONFLICT", "changed my mind");
          },
          { write: true },
        ),
      ).rejects.toThrow("changed my mind");
      expect(written).not.toBe("");
      expect(await db.session.count({ where: { id: written } })).toBe(0);
    });

    it("decodes each column: counts as numbers, comparisons as booleans, stored dates as Dates", async () => {
      const user = await createTestUser(db);
      const expiresAt = new Date("2032-05-06T07:08:09.123Z");
      const id = await runSteps(db, () => insertSession(db, user.id, expiresAt), { write: true });
      const row = await runSteps(
        db,
        () =>
          one(
            Prisma.sql`SELECT "id", "expiresAt", ("expiresAt" > ${timestamp(db, new Date())}) AS "live", (1 = 0) AS "never" FROM "Session" WHERE "id" = ${id}`,
            columns({ id: asString, expiresAt: asDate, live: asBoolean, never: asBoolean }),
          ),
        { write: false },
      );
      expect(row).toEqual({ id, expiresAt, live: true, never: false });
      expect(typeof (await runSteps(db, countSessions, { write: false }))?.n).toBe("number");
    });

    it("answers a row without a decoded column, or with a value of the wrong type, with an error naming the column", async () => {
      const missing = runSteps(db, () => one(Prisma.sql`SELECT 1 AS "n"`, columns({ id: asString })), { write: false });
      await expect(missing).rejects.toThrow(/column "id" missing/);
      const wrong = runSteps(db, () => one(Prisma.sql`SELECT 'x' AS "n"`, CountRow), { write: false });
      await expect(wrong).rejects.toThrow(/column "n" expected a number/);
    });

    it("fails the unit and writes nothing when a statement or a step is created without yield*", async () => {
      const user = await createTestUser(db);
      const before = (await runSteps(db, countSessions, { write: false }))?.n;
      let written = "";
      const forgotStatement = runSteps(
        db,
        function* () {
          written = yield* insertSession(db, user.id, new Date());
          // eslint-disable-next-line no-restricted-syntax -- the defect under test: no yield*
          run(Prisma.sql`DELETE FROM "Session" WHERE "id" = ${written}`);
          return written;
        },
        { write: true },
      );
      await expect(forgotStatement).rejects.toThrow(/1 step\(s\) created but never run/);
      expect(written).not.toBe("");
      expect(await db.session.count({ where: { id: written } })).toBe(0);

      const forgotStep = runSteps(
        db,
        function* () {
          // eslint-disable-next-line no-restricted-syntax -- the defect under test: no yield*
          insertSession(db, user.id, new Date());
          return yield* insertSession(db, user.id, new Date());
        },
        { write: true },
      );
      await expect(forgotStep).rejects.toThrow(/created but never run/);
      expect((await runSteps(db, countSessions, { write: false }))?.n).toBe(before);
    });

    it("answers a unique violation of a raw statement with 409, however the driver reports it", async () => {
      const user = await createTestUser(db);
      const id = await runSteps(db, () => insertSession(db, user.id, new Date()), { write: true });
      const copy = runSteps(
        db,
        () =>
          run(
            Prisma.sql`INSERT INTO "Session" ("id", "tokenHash", "userId", "expiresAt", "createdAt") SELECT ${id}, ${newId()}, "userId", "expiresAt", "createdAt" FROM "Session" WHERE "id" = ${id}`,
          ),
        { write: true },
      );
      const err: unknown = await copy.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      const res = toErrorResponse(err, () => {});
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("CONFLICT");
    });

    if (kind === "sqlite") {
      it("waits for another connection's write lock without blocking the event loop, then commits", async () => {
        const user = await createTestUser(db);
        const other = new Database(sqliteFileOf(db));
        other.prepare("BEGIN IMMEDIATE").run();
        let ticks = 0;
        const ticker = setInterval(() => ticks++, 10);
        setTimeout(() => other.prepare("COMMIT").run(), 300);
        const id = await runSteps(db, () => insertSession(db, user.id, new Date()), { write: true });
        clearInterval(ticker);
        other.close();
        expect(ticks).toBeGreaterThanOrEqual(10); // the timers kept firing while the write waited ~300 ms
        expect(await db.session.count({ where: { id } })).toBe(1);
      });

      it("keeps the write-ahead log bounded under back-to-back commits: SQLite checkpoints and then reuses it", async () => {
        const user = await createTestUser(db);
        const wal = `${sqliteFileOf(db)}-wal`;
        // 60 commits of 1,000 sessions: ~4,500 pages (~18 MB) of log in all, against a checkpoint every 1,000 pages.
        for (let i = 0; i < 60; i++) {
          await runSteps(
            db,
            function* () {
              for (let j = 0; j < 1_000; j++) yield* insertSession(db, user.id, new Date());
            },
            { write: true },
          );
        }
        expect(fs.statSync(wal).size).toBeLessThan(8 * 1024 * 1024);
        expect(await db.session.count({ where: { userId: user.id } })).toBe(60_000);
      });

      it("answers 503 when another connection holds the lock past the timeout, and writes nothing", async () => {
        const user = await createTestUser(db);
        const other = new Database(sqliteFileOf(db));
        other.prepare("BEGIN IMMEDIATE").run();
        const before = await runSteps(db, countSessions, { write: false });
        const attempt = runSteps(db, () => insertSession(db, user.id, new Date()), { write: true, timeoutMs: 200 });
        await expect(attempt).rejects.toMatchObject({ code: "UNAVAILABLE", status: 503 });
        other.prepare("ROLLBACK").run();
        other.close();
        const after = await runSteps(db, countSessions, { write: false });
        expect(after?.n).toBe(before?.n);
      });

      it("runs the writes that wait for another connection's lock in the order they came, each once", async () => {
        const user = await createTestUser(db);
        const other = new Database(sqliteFileOf(db));
        other.prepare("BEGIN IMMEDIATE").run();
        const ran: number[] = [];
        const writes: Promise<string>[] = [];
        for (const i of [0, 1, 2, 3, 4]) {
          // Arriving 40 ms apart: the first have waited long when the last comes, and come first all the same.
          writes.push(
            runSteps(
              db,
              function* () {
                ran.push(i);
                return yield* insertSession(db, user.id, new Date());
              },
              { write: true },
            ),
          );
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        expect(ran).toEqual([]); // a unit's body runs once its BEGIN IMMEDIATE got the lock
        other.prepare("COMMIT").run();
        other.close();
        const ids = await Promise.all(writes);
        expect(ran).toEqual([0, 1, 2, 3, 4]);
        expect(await db.session.count({ where: { id: { in: ids } } })).toBe(5);
      });

      it("goes on with the waiting writes behind one that times out or fails", async () => {
        const user = await createTestUser(db);
        const other = new Database(sqliteFileOf(db));
        other.prepare("BEGIN IMMEDIATE").run();
        const late = runSteps(db, () => insertSession(db, user.id, new Date()), { write: true, timeoutMs: 100 });
        const failing = runSteps(
          db,
          function* () {
            yield* insertSession(db, user.id, new Date());
            throw new AppError("CONFLICT", "refused by the unit itself");
          },
          { write: true },
        );
        const patient = runSteps(db, () => insertSession(db, user.id, new Date()), { write: true });
        await expect(late).rejects.toMatchObject({ code: "UNAVAILABLE" });
        other.prepare("COMMIT").run();
        other.close();
        await expect(failing).rejects.toMatchObject({ code: "CONFLICT" });
        const id = await patient;
        expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
        expect(await db.session.count({ where: { id } })).toBe(1);
      });
    }
  });
}
