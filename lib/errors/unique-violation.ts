// A unique-constraint violation, however it arrives: Prisma's P2002; a raw query through a driver adapter (P2010
// carrying PostgreSQL's 23505 or the adapter's UniqueConstraintViolation); node-postgres directly (code 23505);
// better-sqlite3 (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY).
export function isUniqueViolation(err: unknown): boolean {
  const code = field(err, "code");
  if (code === "P2002" || code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  if (code !== "P2010") return false;
  const cause = field(field(field(err, "meta"), "driverAdapterError"), "cause");
  return field(cause, "originalCode") === "23505" || field(cause, "kind") === "UniqueConstraintViolation";
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}
