// SQL steps (./sql-steps.ts) on PostgreSQL: each unit of work on one client of a direct `pg` pool (the pool the
// Prisma client uses too, see ./client.ts), not through Prisma's interactive transactions, whose layers cost more per
// statement than the round trip itself (BENCHMARKS.md, labeler loop on PostgreSQL):
//   - a write: BEGIN … COMMIT on one client (a thrown step rolls back); a deadlock or serialization failure
//     (40P01 / 40001) runs the whole unit again, up to 3 times;
//   - a read: the statements on one client, without a transaction;
//   - statements are named prepared statements (parsed once per connection), rows decoded as Prisma's $queryRaw
//     decodes them (int8 → bigint, timestamp → Date in UTC, json → parsed, numeric → Decimal);
//   - database errors become the errors Prisma raises for them (a unique violation is P2002, which lib/errors maps
//     to 409), so callers see the same errors on both paths.
import { createHash } from "node:crypto";
import pg from "pg";
import { AppError } from "@/lib/errors";
import { Prisma } from "./generated/sqlite/client";
import type { Steps } from "./sql-steps";

export interface RunOnPostgresOptions {
  pool: pg.Pool;
  /** BEGIN … COMMIT around the unit; false: the statements one by one on one client. */
  write: boolean;
  /** How long to wait for a pool client, and the statement timeout inside a write. */
  timeoutMs: number;
}

/** Runs `makeSteps()` to completion on one pooled client; `makeSteps` is called again on a retry. */
export async function runOnPostgres<T>(makeSteps: () => Steps<T>, { pool, write, timeoutMs }: RunOnPostgresOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await acquire(pool, timeoutMs);
    let broken: Error | undefined; // a ROLLBACK that failed: the connection is not handed to the next caller
    try {
      if (!write) return await drive(client, makeSteps());
      // One round trip: BEGIN and a timeout for each statement of this transaction (a lock waited on too long).
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
      try {
        const result = await drive(client, makeSteps());
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
        throw err;
      }
    } catch (err) {
      if (write && attempt < 3 && isRetryable(err)) continue;
      throw toPrismaError(err);
    } finally {
      client.release(broken);
    }
  }
}

async function drive<T>(client: pg.PoolClient, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const { kind, sql } = next.value;
    const result = await client.query({ name: statementName(sql.text), text: sql.text, values: sql.values, types: PRISMA_TYPES });
    next = steps.next(kind === "all" ? result.rows : (result.rowCount ?? 0));
  }
  return next.value;
}

/** A client from the pool, or 503 after timeoutMs (a client that arrives later goes back to the pool). */
async function acquire(pool: pg.Pool, timeoutMs: number): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const connecting = pool.connect();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new AppError("UNAVAILABLE", `No database connection came free within ${timeoutMs} ms; try again`));
    }, timeoutMs);
  });
  connecting.then((client) => timedOut && client.release()).catch(() => undefined);
  try {
    return await Promise.race([connecting, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- prepared statements ------------------------------------------------------------------------------------------

// The name is a hash of the text, so every copy of this module (Next.js bundles lib/ into several chunks) gives the
// same text the same name on a shared connection. Names are capped: each connection keeps every statement it parsed,
// so texts beyond the cap (e.g. IN lists of many lengths) run unnamed.
const MAX_NAMED_STATEMENTS = 512;
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
    name = `podium_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

// ---- rows as Prisma's $queryRaw returns them ----------------------------------------------------------------------

const { builtins } = pg.types;
const PARSERS = new Map<number, (text: string) => unknown>([
  [builtins.INT8, (text) => BigInt(text)],
  // TIMESTAMP(3) columns hold UTC (Prisma's convention): never the session's or the process's local time.
  [builtins.TIMESTAMP, (text) => new Date(`${text.replace(" ", "T")}Z`)],
  [builtins.DATE, (text) => new Date(`${text}T00:00:00Z`)],
  [builtins.NUMERIC, (text) => new Prisma.Decimal(text)],
]);

const PRISMA_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    (format !== "binary" && PARSERS.get(oid)) || pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

// ---- errors -------------------------------------------------------------------------------------------------------

function sqlState(err: unknown): string | undefined {
  return err instanceof pg.DatabaseError ? err.code : undefined;
}

function isRetryable(err: unknown): boolean {
  const state = sqlState(err);
  return state === "40P01" || state === "40001";
}

/** Prisma's codes for what its model API reports the same way: unique (P2002), foreign key (P2003), conflict (P2034). */
const PRISMA_CODES: Record<string, string> = { "23505": "P2002", "23503": "P2003", "40001": "P2034", "40P01": "P2034" };

function toPrismaError(err: unknown): unknown {
  if (!(err instanceof pg.DatabaseError)) return err;
  const code = PRISMA_CODES[err.code ?? ""] ?? "P2010";
  return new Prisma.PrismaClientKnownRequestError(`Raw query failed. Code: \`${err.code}\`. Message: \`${err.message}\``, {
    code,
    clientVersion: Prisma.prismaVersion.client,
    meta: { code: err.code, message: err.message, ...(err.constraint ? { target: err.constraint } : {}), ...(err.table ? { modelName: err.table } : {}) },
  });
}
