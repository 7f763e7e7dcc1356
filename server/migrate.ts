// Applies the versioned migrations of the configured database (SQLite or PostgreSQL) with the offline Prisma CLI.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface MigrateOptions {
  databaseUrl: string;
  /** Print Prisma's output (the CLI does; tests don't). */
  verbose?: boolean;
}

const ROOT = path.resolve(__dirname, "..");

export function migrate({ databaseUrl, verbose = false }: MigrateOptions): void {
  // SQLite cannot create the file in a folder that does not exist (a fresh clone has no data/).
  if (databaseUrl.startsWith("file:")) fs.mkdirSync(path.dirname(path.resolve(databaseUrl.slice("file:".length))), { recursive: true });
  const prisma = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  try {
    execFileSync(process.execPath, [prisma, "migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: verbose ? "inherit" : "pipe",
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`migrate deploy failed:\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`);
  }
}
