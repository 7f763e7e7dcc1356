// Authors a migration for BOTH databases offline: diffs the schema snapshot stored with the newest migration
// against prisma/schema.prisma with `prisma migrate diff` (the adapter connects, but nothing is changed), and writes
// prisma/migrations/{sqlite,postgresql}/<timestamp>_<name>/migration.sql plus the new snapshot.
// Usage: npx tsx prisma/tools/new-migration.ts <name>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { derivePostgresSchema, SQLITE_SCHEMA, POSTGRES_SCHEMA } from "./derive-postgres-schema";

const root = path.join(__dirname, "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: new-migration.ts <name: lowercase letters, digits, _>");
  process.exit(2);
}
fs.mkdirSync(path.join(root, "..", "data"), { recursive: true }); // the SQLite diff database lives there
const sqliteSchema = fs.readFileSync(SQLITE_SCHEMA, "utf8");
fs.writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(sqliteSchema));
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);

for (const provider of ["sqlite", "postgresql"] as const) {
  const dir = path.join(root, "migrations", provider);
  fs.mkdirSync(dir, { recursive: true });
  const previous = fs.readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
  const target = provider === "sqlite" ? SQLITE_SCHEMA : POSTGRES_SCHEMA;
  const from = previous
    ? ["--from-schema-datamodel", path.join(dir, previous, "schema.snapshot.prisma")]
    : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", target, "--script"],
    { cwd: path.join(root, ".."), encoding: "utf8", env: { ...process.env, DATABASE_URL: provider === "sqlite" ? "file:./data/migrate-diff.db" : (process.env.PODIUM_PG_DIFF_URL ?? "postgresql://root@127.0.0.1:5432/postgres") } },
  );
  if (sql.includes("This is an empty migration")) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const out = path.join(dir, `${stamp}_${name}`);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "migration.sql"), sql);
  fs.copyFileSync(target, path.join(out, "schema.snapshot.prisma"));
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
  console.log(`${provider}: wrote ${path.relative(process.cwd(), out)}`);
}
