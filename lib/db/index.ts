export { databaseKindOf, dbKind, getDb, openDb, type Db, type DbKind, type OpenDbOptions } from "./client";
export { insertRows, type InsertRowsOptions } from "./insert-rows";
export { Prisma } from "./generated/sqlite/client";
export type { Role, JobStatus, ModelKind } from "./generated/sqlite/enums";
