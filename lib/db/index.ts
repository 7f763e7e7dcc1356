export { databaseKindOf, dbKind, getDb, openDb, sqliteFileOf, type Db, type DbKind, type OpenDbOptions } from "./client";
export { all, asDate, closeDirectConnection, jsonValue, one, run, runSteps, timestamp, type Statement, type Steps } from "./sql-steps";
export { insertRows, type InsertRowsOptions } from "./insert-rows";
export { Prisma } from "./generated/sqlite/client";
export type { Role, JobStatus, ModelKind } from "./generated/sqlite/enums";
