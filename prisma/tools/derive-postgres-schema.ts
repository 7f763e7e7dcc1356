// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma (the one source of truth):
// only the datasource provider and the generated client's output folder differ.
import fs from "node:fs";
import path from "node:path";

export function derivePostgresSchema(sqliteSchema: string): string {
  const out = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output     = "../lib/db/generated/sqlite"', 'output     = "../../lib/db/generated/postgresql"')
    .replace(
      "// `provider` is \"sqlite\" here; prisma/tools/derive-postgres-schema.ts derives the PostgreSQL schema from this file by swapping that one line.",
      "// GENERATED from prisma/schema.prisma by prisma/tools/derive-postgres-schema.ts — edit that file instead.",
    );
  if (!out.includes('provider = "postgresql"') || !out.includes("generated/postgresql")) {
    throw new Error("prisma/schema.prisma no longer has the expected provider/output lines");
  }
  return out;
}

export const SQLITE_SCHEMA = path.join(__dirname, "..", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(__dirname, "..", "postgresql", "schema.prisma");

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log(`wrote ${path.relative(process.cwd(), POSTGRES_SCHEMA)}`);
}
