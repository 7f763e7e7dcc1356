export { databaseKindOf, dbKind, getDb, openDb, sqliteFileOf, sqliteFilePath, type Db, type DbKind, type OpenDbOptions } from "./client";
export {
  all,
  asBoolean,
  asDate,
  asNumber,
  asString,
  closeDirectConnection,
  columns,
  jsonValue,
  nullable,
  one,
  readJson,
  run,
  runSteps,
  step,
  timestamp,
  trackedUnit,
  type ColumnDecoder,
  type Row,
  type RowDecoder,
  type Statement,
  type Steps,
} from "./sql-steps";
export { insertRows, type InsertRowsOptions } from "./insert-rows";
export { Prisma } from "./generated/sqlite/client";
export type { Role, JobStatus, ModelKind } from "./generated/sqlite/enums";
