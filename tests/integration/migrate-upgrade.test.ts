// An existing install upgrading to projects: a database made by the migrations before projects, holding a labeler,
// guidelines, prompts, a comparison and a ranking, is migrated by the same `migrate()` that `npm start` runs. Every
// old record lands in the "Default" project, the guidelines become its version 1, about one prompt in ten by hash is
// held out for evaluation, and the labeler is served the old comparison as before.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDb, type DbKind } from "@/lib/db";
import { claimNextTask } from "@/lib/tasks";
import { migrate } from "@/server/migrate";
import { PG_ADMIN_URL, ROOT } from "../support/servers";

const BEFORE_PROJECTS = ["20261126062137_init", "20261126063135_task_assignment_indexes", "20261130001825_audit_log"];

const OLD_DATA = `
INSERT INTO "User" ("id", "email", "name", "role", "passwordHash", "pseudonym", "createdAt") VALUES ('u1', 'old@example.test', 'Old', 'LABELER', 'x', 'p-old', {now});
INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('guidelines', 'Prefer the honest answer.', {now});
INSERT INTO "Prompt" ("id", "text", "textHash", "createdAt") VALUES ('p-eval', 'held out', '05${"0".repeat(62)}', {now}), ('p-train', 'kept', 'f5${"0".repeat(62)}', {now});
INSERT INTO "Completion" ("id", "promptId", "text", "createdAt") VALUES ('k1', 'p-train', 'one', {now}), ('k2', 'p-train', 'two', {now});
INSERT INTO "Comparison" ("id", "promptId", "requiredRankings", "createdAt") VALUES ('c-old', 'p-train', 3, {now}), ('c-done', 'p-eval', 1, {now});
INSERT INTO "ComparisonItem" ("comparisonId", "completionId", "position") VALUES ('c-old', 'k1', 0), ('c-old', 'k2', 1);
INSERT INTO "User" ("id", "email", "name", "role", "passwordHash", "pseudonym", "createdAt") VALUES ('u2', 'other@example.test', 'Other', 'LABELER', 'x', 'p-other', {now});
INSERT INTO "Ranking" ("id", "comparisonId", "userId", "order", "shownOrder", "createdAt") VALUES ('r-old', 'c-done', 'u2', '["k1","k2"]', '["k1","k2"]', {now});
`;

function oldSql(kind: DbKind): string {
  const now = kind === "sqlite" ? "'2026-01-01T00:00:00.000+00:00'" : "CURRENT_TIMESTAMP";
  return OLD_DATA.replaceAll("{now}", now);
}

/** Marks the pre-project migrations as applied, as an install made before projects has them recorded. */
function resolveApplied(url: string): void {
  const prisma = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  for (const name of BEFORE_PROJECTS) {
    execFileSync(process.execPath, [prisma, "migrate", "resolve", "--applied", name], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: "pipe",
    });
  }
}

async function oldDatabase(kind: DbKind): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = path.join(ROOT, "prisma", "migrations", kind);
  const migrationSql = BEFORE_PROJECTS.map((m) => fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8"));
  if (kind === "sqlite") {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "podium-upgrade-"));
    const file = path.join(tmp, "old.db");
    const conn = new Database(file);
    for (const sql of migrationSql) conn.exec(sql);
    conn.exec(oldSql(kind));
    // The table `migrate deploy` keeps its history in (its own definition): `migrate resolve` on SQLite through the
    // driver adapter expects it to exist.
    conn.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    conn.close();
    return { url: `file:${file}`, drop: async () => fs.rmSync(tmp, { recursive: true, force: true }) };
  }
  const name = `podium_upgrade_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  for (const sql of migrationSql) await client.query(sql);
  await client.query(oldSql(kind));
  await client.end();
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe.each(["sqlite", "postgresql"] as const)("upgrading a database made before projects [%s]", (kind) => {
  it("moves every old record into the Default project, keeps the guidelines as version 1, and serves the old task", async () => {
    const old = await oldDatabase(kind);
    try {
      resolveApplied(old.url);
      migrate({ databaseUrl: old.url });
      const db = await openDb({ url: old.url });
      try {
        const project = await db.project.findUniqueOrThrow({ where: { id: "default" } });
        expect(project).toMatchObject({ name: "Default", guidelines: "Prefer the honest answer.", guidelinesVersion: 1, status: "ACTIVE" });
        expect(await db.guidelinesVersion.findMany({ select: { projectId: true, version: true, markdown: true } })).toEqual([
          { projectId: "default", version: 1, markdown: "Prefer the honest answer." },
        ]);
        expect(await db.setting.count({ where: { key: "guidelines" } })).toBe(0);
        const prompts = await db.prompt.findMany({ select: { id: true, projectId: true, split: true }, orderBy: { id: "asc" } });
        expect(prompts).toEqual([
          { id: "p-eval", projectId: "default", split: "eval" },
          { id: "p-train", projectId: "default", split: "train" },
        ]);
        expect(await db.comparison.count({ where: { projectId: "default" } })).toBe(2);
        expect(await db.ranking.findUniqueOrThrow({ where: { id: "r-old" }, select: { projectId: true, untouched: true } })).toEqual({
          projectId: "default",
          untouched: true,
        });
        const task = await claimNextTask({ db, userId: "u1", leaseSeconds: 60 });
        expect(task.task?.id).toBe("c-old");
      } finally {
        await db.$disconnect();
      }
    } finally {
      await old.drop();
    }
  }, 120_000);
});
