// Bulk insert with multi-row INSERT statements, for imports of many thousands of rows: Prisma's createMany
// costs ~0.7 ms a row with the JS engine, a raw multi-row INSERT a few µs. Works on SQLite and PostgreSQL.
import { dbKind, type Db } from "./client";

type Value = string | number | boolean | Date | null;

export interface InsertRowsOptions<C extends string> {
  /** A client or a transaction client of `db`. */
  tx: Pick<Db, "$executeRawUnsafe">;
  db: Db;
  table: string;
  columns: readonly C[];
  rows: readonly Record<C, Value>[];
  /** Columns holding JSON text (cast to jsonb on PostgreSQL). */
  jsonColumns?: readonly C[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_PARAMS = 30_000;

export async function insertRows<C extends string>({ tx, db, table, columns, rows, jsonColumns = [] }: InsertRowsOptions<C>): Promise<number> {
  for (const name of [table, ...columns]) if (!IDENT.test(name)) throw new Error(`insertRows: bad identifier ${name}`);
  const postgres = dbKind(db) === "postgresql";
  const json = new Set<string>(jsonColumns);
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const perChunk = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMS / columns.length)));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: Value[] = [];
    const tuples = chunk.map((row) => {
      const slots = columns.map((c) => {
        params.push(row[c]);
        const slot = postgres ? `$${params.length}` : "?";
        return postgres && json.has(c) ? `CAST(${slot} AS jsonb)` : slot;
      });
      return `(${slots.join(", ")})`;
    });
    // Only identifiers checked above and placeholders are in the SQL text; every value is a bound parameter.
    inserted += await tx.$executeRawUnsafe(head + tuples.join(", "), ...params);
  }
  return inserted;
}
