export { databaseKindOf, getDb, openDb, type Db, type DbKind, type OpenDbOptions } from "./client";
export { Prisma } from "./generated/sqlite/client";
export type { Role, JobStatus, ModelKind } from "./generated/sqlite/enums";
