// The Prisma client for the configured database: SQLite (default, better-sqlite3 adapter, WAL, foreign keys on)
// or PostgreSQL (pg adapter on a `pg` pool that lib/db/sql-steps uses directly too). Both clients are generated from
// one schema; callers see one `Db` type.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { getConfig, type AppConfig } from "@/lib/config";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";

export type Db = SqliteClient;
export type DbKind = AppConfig["databaseKind"];

export interface OpenDbOptions {
  url: string;
  /** Connections in the pool (PostgreSQL only). */
  poolSize?: number;
}

export function databaseKindOf(url: string): DbKind {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

// Process-wide, not module-wide: Next.js bundles lib/ separately into page and route chunks, and a client opened
// through one copy of this module (getDb caches it on globalThis) must be known to every copy.
const registry = globalThis as unknown as {
  podiumDbKinds?: WeakMap<Db, DbKind>;
  podiumSqliteFiles?: WeakMap<Db, string>;
  podiumPgPools?: WeakMap<Db, pg.Pool>;
};
const kinds = (registry.podiumDbKinds ??= new WeakMap());
const sqliteFiles = (registry.podiumSqliteFiles ??= new WeakMap());
const pgPools = (registry.podiumPgPools ??= new WeakMap());

/** Which database a client talks to, for the few queries that differ between SQLite and PostgreSQL. */
export function dbKind(db: Db): DbKind {
  const kind = kinds.get(db);
  if (!kind) throw new Error("dbKind: this client was not opened by openDb()");
  return kind;
}

/** The database file of a SQLite client (for the direct connection of lib/db/sql-steps). */
export function sqliteFileOf(db: Db): string {
  const file = sqliteFiles.get(db);
  if (!file) throw new Error("sqliteFileOf: this client is not a SQLite client opened by openDb()");
  return file;
}

/** The connection pool of a PostgreSQL client (shared with Prisma; ended by `$disconnect()`), for lib/db/sql-steps. */
export function postgresPoolOf(db: Db): pg.Pool {
  const pool = pgPools.get(db);
  if (!pool) throw new Error("postgresPoolOf: this client is not a PostgreSQL client opened by openDb()");
  return pool;
}

/** Opens a new client; most code should use `getDb()`. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (databaseKindOf(options.url) === "postgresql") {
    const { db, pool } = connectPostgres(options);
    kinds.set(db, "postgresql");
    pgPools.set(db, pool);
    return db;
  }
  const db = await connectSqlite(options.url);
  kinds.set(db, "sqlite");
  sqliteFiles.set(db, sqliteFilePath(options.url));
  return db;
}

/** The SQLite file of a `file:` URL, as an absolute path. */
export function sqliteFilePath(url: string): string {
  return path.resolve(url.slice("file:".length));
}

function connectPostgres({ url, poolSize = 10 }: OpenDbOptions): { db: Db; pool: pg.Pool } {
  // One pool for Prisma and for the SQL steps' direct path; Prisma ends it on $disconnect. Idle connections do not
  // keep a process alive (a CLI or test that never disconnects still exits).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, allowExitOnIdle: true });
  pool.on("error", (err) => console.error("[db] idle PostgreSQL connection failed:", err.message)); // it is dropped
  const client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // Same schema, same model API; the two generated types differ only in the isolation levels $transaction
  // accepts (SQLite has just Serializable), so the PostgreSQL client is used through the SQLite client's type.
  return { db: client as unknown as Db, pool };
}

async function connectSqlite(url: string): Promise<Db> {
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // One better-sqlite3 connection per client; `timeout` is SQLite's busy timeout, for the web app and worker
  // writing the same file.
  const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 }) });
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  return client;
}

const globalForDb = globalThis as unknown as { podiumDb?: Promise<Db> };

/** The process-wide client for DATABASE_URL (kept across Next.js dev reloads). */
export function getDb(): Promise<Db> {
  const { DATABASE_URL, PODIUM_PG_POOL_SIZE } = getConfig();
  globalForDb.podiumDb ??= openDb({ url: DATABASE_URL, poolSize: PODIUM_PG_POOL_SIZE });
  return globalForDb.podiumDb;
}
