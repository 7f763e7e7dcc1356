// SQL written once, run two ways. A unit of database work is a generator that yields statements (Prisma.Sql) and
// receives their results:
//   - SQLite: run synchronously on a second, direct better-sqlite3 connection, writes inside one BEGIN IMMEDIATE
//     transaction. Nothing else in this process can interleave with it and no lock is held across an `await`; the
//     only waiting is for another process's write lock: busy timeout 0, and a unit that finds the lock taken queues
//     behind this process's others that wait, first come first served, without blocking the event loop (waitForLock).
//   - PostgreSQL: run statement by statement on one client of the `pg` pool, writes inside BEGIN … COMMIT, as named
//     prepared statements (./sql-steps-pg.ts).
// It exists for the hot paths (sessions, claiming a task, storing a ranking): through Prisma a statement costs
// ~0.7 ms of JavaScript on these machines, a prepared better-sqlite3 statement a few microseconds (BENCHMARKS.md).
// Rows come back through a decoder per query (`columns({...})`), never as an unchecked type; and a statement or a
// `step()` created while a unit runs but never driven (a call without `yield*`) makes the unit throw before it commits.
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

/** One row as a driver returns it. */
export type Row = Record<string, unknown>;
/** Checks and converts one row into what the caller works with (see `columns`). */
export type RowDecoder<T> = (row: Row) => T;
/** Checks and converts one column's value; `column` names it in the error. */
export type ColumnDecoder<T> = (value: unknown, column: string) => T;

/** Rows of a query, each checked and converted by `decode` (usually `columns({...})`, built once per query). */
export function all<T>(sql: Prisma.Sql, decode: RowDecoder<T>): Steps<T[]> {
  return allRows(sql, decode, created());
}

/** The first row of a query, decoded, or null. */
export function one<T>(sql: Prisma.Sql, decode: RowDecoder<T>): Steps<T | null> {
  return oneRow(sql, decode, created());
}

/** Runs INSERT / UPDATE / DELETE; the number of rows it changed. */
export function run(sql: Prisma.Sql): Steps<number> {
  return runStatement(sql, created());
}

/**
 * Declares a step function made of other steps. Calling it registers the step with the unit of work being run, and
 * the unit throws (rolling back) when it ends with a step it created but never ran: a call without `yield*`.
 */
export function step<A extends unknown[], T>(body: (...args: A) => Steps<T>): (...args: A) => Steps<T> {
  return (...args) => started(body(...args), created());
}

// ---- decoding rows ------------------------------------------------------------------------------------------------

/** A row decoder from one column decoder per selected column (a missing column is an error, extra ones are ignored). */
export function columns<S extends Record<string, ColumnDecoder<unknown>>>(
  spec: S,
): RowDecoder<{ [K in keyof S]: ReturnType<S[K]> }> {
  const names = Object.keys(spec);
  const decoders = Object.values(spec);
  return (row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const value = row[name];
      if (value === undefined) throw malformed(name, "missing from the row");
      out[name] = (decoders[i] as ColumnDecoder<unknown>)(value, name);
    }
    return out as { [K in keyof S]: ReturnType<S[K]> };
  };
}

export const asString: ColumnDecoder<string> = (value, column) => {
  if (typeof value !== "string") throw malformed(column, `expected text, got ${typeof value}`);
  return value;
};

/** An integer or float column; PostgreSQL's COUNT/BIGINT arrive as bigint. */
export const asNumber: ColumnDecoder<number> = (value, column) => {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw malformed(column, `expected a number, got ${typeof value}`);
};

/** A Boolean column: true/false from PostgreSQL, 1/0 from SQLite. */
export const asBoolean: ColumnDecoder<boolean> = (value, column) => {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0 || value === 1n || value === 0n) return value == 1;
  throw malformed(column, `expected a boolean, got ${String(value)}`);
};

/** A column that may be NULL. */
export function nullable<T>(decode: ColumnDecoder<T>): ColumnDecoder<T | null> {
  return (value, column) => (value === null ? null : decode(value, column));
}

/** A DateTime column: a Date from PostgreSQL, Prisma's ISO text from SQLite (UTC, also when it carries no zone). */
export function asDate(value: unknown, column = "date"): Date {
  if (value instanceof Date) return value;
  if (typeof value !== "string") throw malformed(column, `expected a date, got ${typeof value}`);
  const date = new Date(/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) throw malformed(column, `expected a date, got ${value}`);
  return date;
}

function malformed(column: string, what: string): AppError {
  return new AppError("INTERNAL", `A stored value is malformed: column "${column}" ${what}`);
}

// ---- the statements, and the check that every step created was run -----------------------------------------------

/** Steps created but not yet started in the unit of work that is running (the one whose `next()` is on the stack). */
interface Tracker {
  pending: number;
}
let current: Tracker | null = null;

function created(): Tracker | null {
  if (current) current.pending++;
  return current;
}

function* allRows<T>(sql: Prisma.Sql, decode: RowDecoder<T>, tracker: Tracker | null): Steps<T[]> {
  if (tracker) tracker.pending--;
  const rows = (yield { kind: "all", sql }) as Row[];
  return rows.map(decode);
}

function* oneRow<T>(sql: Prisma.Sql, decode: RowDecoder<T>, tracker: Tracker | null): Steps<T | null> {
  if (tracker) tracker.pending--;
  const rows = (yield { kind: "all", sql }) as Row[];
  const first = rows[0];
  return first === undefined ? null : decode(first);
}

function* runStatement(sql: Prisma.Sql, tracker: Tracker | null): Steps<number> {
  if (tracker) tracker.pending--;
  return (yield { kind: "run", sql }) as number;
}

function* started<T>(steps: Steps<T>, tracker: Tracker | null): Steps<T> {
  if (tracker) tracker.pending--;
  return yield* steps;
}

/**
 * A unit of work that tracks the steps created while it runs: each of its `next()` calls makes it the current one
 * (a `next()` runs synchronously, so units running at the same time on PostgreSQL never see each other's), and it
 * throws when it ends with a created step that never started. `runSteps` wraps every unit in it before running it.
 */
export function* trackedUnit<T>(steps: Steps<T>): Steps<T> {
  const tracker: Tracker = { pending: 0 };
  let resume: { value: unknown } | { error: unknown } = { value: undefined };
  for (;;) {
    const outer = current;
    current = tracker;
    let next: IteratorResult<Statement, T>;
    try {
      next = "error" in resume ? steps.throw(resume.error) : steps.next(resume.value);
    } finally {
      current = outer;
    }
    if (next.done) {
      if (tracker.pending > 0) {
        throw new Error(`sql-steps: ${tracker.pending} step(s) created but never run; a call without yield*?`);
      }
      return next.value;
    }
    try {
      resume = { value: yield next.value };
    } catch (error) {
      resume = { error };
    }
  }
}

export interface RunStepsOptions {
  /** Writes take the write lock (SQLite) or a transaction (PostgreSQL); reads see one snapshot on SQLite. */
  write: boolean;
  /** How long to wait for another process's write lock (SQLite) or for a pool connection (PostgreSQL). */
  timeoutMs?: number;
}

/**
 * Runs `makeUnit()` to completion; a thrown error rolls the writes back. `makeUnit` may be called again on a retry.
 * A unit that ends with a step it created but never ran (`run(…)` or `takeSlot(…)` without `yield*`) throws.
 */
export async function runSteps<T>(
  db: Db,
  makeUnit: () => Steps<T>,
  { write, timeoutMs = 15_000 }: RunStepsOptions,
): Promise<T> {
  const makeSteps = () => trackedUnit(makeUnit());
  if (dbKind(db) === "sqlite") return runOnSqlite(directConnection(db), makeSteps, write, timeoutMs);
  return runOnPostgres(makeSteps, { pool: postgresPoolOf(db), write, timeoutMs });
}

// ---- values written ----------------------------------------------------------------------------------------------

/** A value for a Json column, as SQL: PostgreSQL needs the text cast to jsonb, SQLite stores the text. */
export function jsonValue(db: Db, value: unknown): Prisma.Sql {
  const text = JSON.stringify(value);
  return dbKind(db) === "postgresql" ? Prisma.sql`CAST(${text} AS JSONB)` : Prisma.sql`${text}`;
}

/** A Json column as read back: parsed by PostgreSQL, text on SQLite; undefined when that text is not JSON. */
export function readJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A value for a DateTime column, as SQL, stored as Prisma stores it: UTC text with "+00:00" on SQLite (so text
 * comparisons order by time), a TIMESTAMP(3) in UTC on PostgreSQL (cast from ISO text, whatever the session time zone).
 */
export function timestamp(db: Db, date: Date): Prisma.Sql {
  const iso = date.toISOString();
  return dbKind(db) === "postgresql"
    ? Prisma.sql`CAST(${iso} AS TIMESTAMP(3))`
    : Prisma.sql`${iso.replace("Z", "+00:00")}`;
}

// ---- SQLite -------------------------------------------------------------------------------------------------------

interface Direct {
  conn: Database.Database;
  statements: Map<string, Database.Statement>;
  /** Write units waiting for another process's lock, first come first served (see waitForLock). */
  waiting: Waiting[];
}

interface Waiting {
  transact: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  deadline: number;
  timeoutMs: number;
}

/** How often the first waiting unit tries for a lock held by another process. */
const RETRY_MS = 1;

// Process-wide (see lib/db/client.ts): one direct connection per client, whichever Next.js chunk asks for it.
const directConnections = ((
  globalThis as unknown as { podiumDirectConnections?: WeakMap<Db, Direct> }
).podiumDirectConnections ??= new WeakMap());
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
    direct = { conn, statements: new Map(), waiting: [] };
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

async function runOnSqlite<T>(
  direct: Direct,
  makeSteps: () => Steps<T>,
  write: boolean,
  timeoutMs: number,
): Promise<T> {
  const transact = () => {
    const transaction = direct.conn.transaction(() => driveSync(direct, makeSteps()));
    if (!write) return transaction.deferred();
    return transaction.immediate();
  };
  // The common case: nothing of this process waits for the lock, and it is free.
  if (!write || direct.waiting.length === 0) {
    try {
      return transact();
    } catch (err) {
      if (!isBusy(err)) throw err;
    }
  }
  return new Promise<T>((resolve, reject) => {
    direct.waiting.push({
      transact,
      resolve: resolve as (value: unknown) => void,
      reject,
      deadline: Date.now() + timeoutMs,
      timeoutMs,
    });
    if (direct.waiting.length === 1) void waitForLock(direct);
  });
}

/**
 * Runs the units waiting for another process's write lock, in arrival order. Only the first one tries for the lock,
 * every RETRY_MS (a failed BEGIN IMMEDIATE costs microseconds, and most transactions here are shorter than that);
 * once it gets through, the ones behind it run straight after, back to back, while the lock is most likely free.
 * Units that arrive meanwhile queue behind instead of trying first: the first to wait is the first served, and the
 * queue's commits come in runs, so the processes take turns with the lock instead of polling into each other's
 * transactions (measured in BENCHMARKS.md). The event loop stays free while the first one waits.
 */
async function waitForLock(direct: Direct): Promise<void> {
  const queue = direct.waiting;
  for (let head = queue[0]; head; head = queue[0]) {
    try {
      head.resolve(head.transact());
    } catch (err) {
      if (!isBusy(err)) head.reject(err);
      else {
        giveUpLate(queue, Date.now());
        if (queue[0] === head) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        continue;
      }
    }
    queue.shift();
  }
}

/** Fails (503) the waiting units whose time is up. */
function giveUpLate(queue: Waiting[], now: number): void {
  for (let i = queue.length - 1; i >= 0; i--) {
    const late = queue[i] as Waiting;
    if (now < late.deadline) continue;
    queue.splice(i, 1);
    late.reject(
      new AppError(
        "UNAVAILABLE",
        `The database stayed locked by another process for ${Math.round(late.timeoutMs / 1000)} s; try again`,
      ),
    );
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
