// Prisma CLI configuration: the JS engine with driver adapters (no native engine download, so it works offline).
// The same DATABASE_URL as the app selects the SQLite or the PostgreSQL schema and migrations folder.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/podium.db";
process.env.DATABASE_URL = url;
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/migrations/postgresql" : "prisma/migrations/sqlite" },
  adapter: async () =>
    postgres
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSqlite3({ url: `file:${path.resolve(url.slice("file:".length))}` }),
});
