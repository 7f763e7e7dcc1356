// SQL written once, run two ways. A unit of database work is a generator that yields statements (Prisma.Sql) and
// receives their results:
//   - SQLite: run synchronously on a second, direct better-sqlite3 connection, writes inside one BEGIN IMMEDIATE
//     transaction. Nothing else in this process can interleave with it and no lock is held across an `await`; the
//     only waiting is for another process's write lock, with a non-blocking retry (busy timeout 0 + async backoff).
//   - PostgreSQL: run statement by statement on one client of the `pg` pool, writes inside BEGIN … COMMIT, as named
//     prepared statements (./sql-steps-pg.ts).
// It exists for the hot paths (sessions, claiming a task, storing a ranking): through Prisma a statement costs
// ~0.7 ms of JavaScript on these machines, a prepared better-sqlite3 statement a few microseconds (BENCHMARKS.md).
import Database from "better-sqlite3";
import { AppError } from "@/lib/errors";
import { dbKind, postgresPoolOf, sqliteFileOf, type Db } from "./client";
import { Prisma } from "./generated/sqlite/client";
import { runOnPostgres } from "./sql-steps-pg";

export interface Statement {
  kind: "all" | "run";
  sql: Prisma.Sql;
}

/** A unit of database work: yields statements, receives rows (`all`) or changed-row counts (`run`). */
export type Steps<T> = Generator<Statement, T, unknown>;

/** Rows of a query. The row type is the caller's promise about its SELECT list; decode dates/JSON with the helpers below. */
export function* all<T>(sql: Prisma.Sql): Steps<T[]> {
  return (yield { kind: "all", sql }) as T[];
}

/** The first row of a query, or null. */
export function* one<T>(sql: Prisma.Sql): Steps<T | null> {
  const rows = yield* all<T>(sql);
  return rows[0] ?? null;
}

/** Runs INSERT / UPDATE / DELETE; the number of rows it changed. */
export function* run(sql: Prisma.Sql): Steps<number> {
  return (yield { kind: "run", sql }) as number;
}

export interface RunStepsOptions {
  /** Writes take the write lock (SQLite) or a transaction (PostgreSQL); reads see one snapshot on SQLite. */
  write: boolean;
  /** How long to wait for another process's write lock (SQLite) or for a pool connection (PostgreSQL). */
  timeoutMs?: number;
}

/** Runs `makeSteps()` to completion; a thrown error rolls the writes back. `makeSteps` may be called again on a retry. */
export async function runSteps<T>(db: Db, makeSteps: () => Steps<T>, { write, timeoutMs = 15_000 }: RunStepsOptions): Promise<T> {
  if (dbKind(db) === "sqlite") return runOnSqlite(directConnection(db), makeSteps, write, timeoutMs);
  return runOnPostgres(makeSteps, { pool: postgresPoolOf(db), write, timeoutMs });
}

// ---- decoding what the two drivers return -------------------------------------------------------------------------

/** A DateTime column: a Date from PostgreSQL, Prisma's ISO text from SQLite (UTC, also when it carries no zone). */
export function asDate(value: unknown): Date {
  const text = String(value);
  const date = value instanceof Date ? value : new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw new AppError("INTERNAL", `A stored date is malformed: ${String(value)}`);
  return date;
}

/** A value for a Json column, as SQL: PostgreSQL needs the text cast to jsonb, SQLite stores the text. */
export function jsonValue(db: Db, value: unknown): Prisma.Sql {
  const text = JSON.stringify(value);
  return dbKind(db) === "postgresql" ? Prisma.sql`CAST(${text} AS JSONB)` : Prisma.sql`${text}`;
}

/**
 * A value for a DateTime column, as SQL, stored as Prisma stores it: UTC text with "+00:00" on SQLite (so text
 * comparisons order by time), a TIMESTAMP(3) in UTC on PostgreSQL (cast from ISO text, whatever the session time zone).
 */
export function timestamp(db: Db, date: Date): Prisma.Sql {
  const iso = date.toISOString();
  return dbKind(db) === "postgresql" ? Prisma.sql`CAST(${iso} AS TIMESTAMP(3))` : Prisma.sql`${iso.replace("Z", "+00:00")}`;
}

// ---- SQLite -------------------------------------------------------------------------------------------------------

interface Direct {
  conn: Database.Database;
  statements: Map<string, Database.Statement>;
}

// Process-wide (see lib/db/client.ts): one direct connection per client, whichever Next.js chunk asks for it.
const directConnections = ((globalThis as unknown as { podiumDirectConnections?: WeakMap<Db, Direct> }).podiumDirectConnections ??=
  new WeakMap());
const MAX_CACHED_STATEMENTS = 256;

/** This client's direct connection (opened on first use, kept for the life of the client). */
function directConnection(db: Db): Direct {
  let direct = directConnections.get(db);
  if (!direct) {
    // Busy timeout 0: a synchronous busy wait would block the event loop (and with it the Prisma connection of
    // this process that may hold the lock); runOnSqlite waits asynchronously instead.
    const conn = new Database(sqliteFileOf(db), { timeout: 0 });
    conn.pragma("journal_mode = WAL");
    conn.pragma("foreign_keys = ON");
    conn.pragma("synchronous = NORMAL");
    direct = { conn, statements: new Map() };
    directConnections.set(db, direct);
  }
  return direct;
}

/** Closes the direct connection of a SQLite client, if it has one (tests, CLI). */
export function closeDirectConnection(db: Db): void {
  const direct = directConnections.get(db);
  if (!direct) return;
  directConnections.delete(db);
  direct.conn.close();
}

async function runOnSqlite<T>(direct: Direct, makeSteps: () => Steps<T>, write: boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const transaction = direct.conn.transaction(() => driveSync(direct, makeSteps()));
      return write ? transaction.immediate() : transaction.deferred();
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (Date.now() >= deadline) {
        throw new AppError("UNAVAILABLE", `The database stayed locked by another process for ${Math.round(timeoutMs / 1000)} s; try again`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 20)));
    }
  }
}

function driveSync<T>(direct: Direct, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const { kind, sql } = next.value;
    const statement = prepare(direct, sql.sql);
    const values = sql.values.map(toSqliteValue);
    next = steps.next(kind === "all" ? statement.all(...values) : statement.run(...values).changes);
  }
  return next.value;
}

function prepare(direct: Direct, text: string): Database.Statement {
  let statement = direct.statements.get(text);
  if (!statement) {
    if (direct.statements.size >= MAX_CACHED_STATEMENTS) direct.statements.clear();
    statement = direct.conn.prepare(text);
    direct.statements.set(text, statement);
  }
  return statement;
}

/** Values better-sqlite3 can bind (dates go through `timestamp()`). */
function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) throw new Error("sql-steps: bind dates with timestamp(db, date)");
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

function isBusy(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  return code.startsWith("SQLITE_BUSY") || code === "SQLITE_LOCKED";
}
