// Podium's command line: `npm start` (= `podium up`) sets up and runs the web app and a worker;
// the other commands manage accounts and tokens for scripts. Run `npm run podium -- help`.
import { execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { createUser, updateUser, ZUpdateUserRequest, type UpdateUserOptions } from "@/lib/users";
import { createApiToken, revokeApiToken, SYSTEM_ACTOR, ZRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { repairTaskSlots } from "@/lib/tasks";
import { backfillQuality } from "@/lib/quality";
import { migrate } from "./migrate";
import { setup } from "./setup";
import { buildIsFresh, writeBuildStamp } from "./build-stamp";
import { supervise } from "./supervise";

const ROOT = path.resolve(__dirname, "..");

const HELP = `Usage: npm run podium -- <command> [options]

  up                          migrate, create the first admin and demo data, build if needed, run web + worker
  setup [--no-demo]           migrate, create the first admin (and demo data); prints the admin's password once
  migrate                     apply database migrations
  user:create --email E --name N [--role LABELER|ADMIN] [--password P]
                              create an account (a password is generated and printed if none is given)
  user:password --email E [--password P]
                              set a new password (generated and printed if none is given); ends their sessions
  user:disable --email E      disable an account: signed out everywhere, no login, its API tokens refused
  user:enable --email E       enable it again (it signs in anew)
  user:role --email E --role LABELER|ADMIN
                              change an account's role (the last enabled admin stays one)
  token:create --email E --name N
                              create an API token for the account; prints it once
  token:revoke --id ID        revoke an API token
  tasks:repair                recount every comparison's slots from its leases and rankings, reopen comparisons
                              closed short of their required rankings; prints what it changed (safe to repeat)
  quality:backfill [--batch N]
                              fill the quality columns (consensus agreement, comparison agreement, untouched,
                              top shown position, gold agreement) of rankings stored before they were kept;
                              batched, safe to repeat

Environment: DATABASE_URL (default file:./data/podium.db; postgresql://… for PostgreSQL), PORT (3000), HOST,
PODIUM_ADMIN_EMAIL / PODIUM_ADMIN_PASSWORD (first admin), see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = getConfig();
  switch (command) {
    case "migrate":
      migrate({ databaseUrl: config.DATABASE_URL, verbose: true });
      return 0;
    case "setup": {
      const { values } = parseArgs({ args: rest, options: { "no-demo": { type: "boolean" } } });
      migrate({ databaseUrl: config.DATABASE_URL });
      await runSetup(!values["no-demo"]);
      return 0;
    }
    case "up":
      return up();
    case "user:create": {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" } },
      });
      const password = values.password ?? randomBytes(9).toString("base64url");
      const role = values.role === "ADMIN" ? "ADMIN" : values.role === undefined || values.role === "LABELER" ? "LABELER" : null;
      if (!values.email || !values.name || !role) {
        console.error("user:create needs --email and --name, and --role LABELER or ADMIN");
        return 2;
      }
      const user = await createUser({ db: await getDb(), actor: SYSTEM_ACTOR, email: values.email, name: values.name, role, password });
      console.log(`created ${user.role} ${user.email} (id ${user.id})${values.password ? "" : `\npassword: ${password}`}`);
      return 0;
    }
    case "user:password": {
      const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, password: { type: "string" } } });
      if (!values.email) {
        console.error("user:password needs --email");
        return 2;
      }
      const password = values.password ?? randomBytes(9).toString("base64url");
      const user = await changeUser(values.email, { password });
      if (!user) return 1;
      console.log(`password changed for ${user.email}${values.password ? "" : `\npassword: ${password}`}`);
      return 0;
    }
    case "user:disable":
    case "user:enable": {
      const { values } = parseArgs({ args: rest, options: { email: { type: "string" } } });
      if (!values.email) {
        console.error(`${command} needs --email`);
        return 2;
      }
      const user = await changeUser(values.email, { disabled: command === "user:disable" });
      if (!user) return 1;
      console.log(`${user.email} is ${user.disabledAt ? "disabled (signed out everywhere)" : "enabled"}`);
      return 0;
    }
    case "user:role": {
      const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, role: { type: "string" } } });
      const role = ZRole.safeParse(values.role);
      if (!values.email || !role.success) {
        console.error("user:role needs --email and --role LABELER or ADMIN");
        return 2;
      }
      const user = await changeUser(values.email, { role: role.data });
      if (!user) return 1;
      console.log(`${user.email} is now ${user.role}`);
      return 0;
    }
    case "token:create": {
      const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, name: { type: "string" } } });
      if (!values.email || !values.name) {
        console.error("token:create needs --email and --name");
        return 2;
      }
      const db = await getDb();
      const user = await db.user.findUnique({
        where: { email: values.email.toLowerCase() },
        select: { id: true, email: true, name: true, role: true },
      });
      if (!user) {
        console.error(`no user with email ${values.email}`);
        return 1;
      }
      // The CLI runs with the machine owner's authority: the system actor, not a user made up as an admin.
      const token = await createApiToken({ db, actor: SYSTEM_ACTOR, userId: user.id, name: values.name });
      console.log(`token ${token.id} for ${user.email}: ${token.token}\n(shown once; send it as "Authorization: Bearer <token>")`);
      return 0;
    }
    case "token:revoke": {
      const { values } = parseArgs({ args: rest, options: { id: { type: "string" } } });
      if (!values.id) {
        console.error("token:revoke needs --id");
        return 2;
      }
      const db = await getDb();
      const token = await db.apiToken.findUnique({ where: { id: values.id }, select: { revokedAt: true } });
      if (!token || token.revokedAt) {
        console.log(`no active token with id ${values.id}`);
        return 1;
      }
      await revokeApiToken({ db, actor: SYSTEM_ACTOR, tokenId: values.id });
      console.log(`revoked ${values.id}`);
      return 0;
    }
    case "tasks:repair":
      return repairTasks();
    case "quality:backfill":
      return backfillQualityColumns(rest);
    case undefined:
    case "help":
    case "--help":
      console.log(HELP);
      return 0;
    default:
      console.error(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

/** Applies a change to the account with this email as the system actor; null (after saying why) when it is refused. */
async function changeUser(email: string, change: Omit<UpdateUserOptions, "db" | "actor" | "userId">) {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) {
    console.error(`no user with email ${email}`);
    return null;
  }
  const parsed = ZUpdateUserRequest.safeParse(change);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `${i.path.join(".") || "change"}: ${i.message}`).join("; "));
    return null;
  }
  try {
    return await updateUser({ db, actor: SYSTEM_ACTOR, userId: user.id, ...parsed.data });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(err.message);
    return null;
  }
}

// Not run by `up`: the counters can no longer drift (every operation on a task locks it), SQLite installations were
// never affected, and PostgreSQL replicas start with `npm run web`; so it is a one-time step after upgrading, not a
// scan of every comparison at every start.
async function repairTasks(): Promise<number> {
  const { checked, repaired } = await repairTaskSlots({ db: await getDb() });
  const show = (c: { slotsTaken: number; rankingCount: number; open: boolean }) =>
    `slots ${c.slotsTaken}, rankings ${c.rankingCount}, ${c.open ? "open" : "closed"}`;
  for (const r of repaired) {
    const removed = [r.skipsRemoved ? `${r.skipsRemoved} skip(s) of labelers who also ranked it` : "", r.leasesRemoved ? `${r.leasesRemoved} stale lease(s)` : ""]
      .filter(Boolean)
      .join(", ");
    console.log(`comparison ${r.comparisonId} (needs ${r.requiredRankings}): ${show(r.before)} → ${show(r.after)}${removed ? `; removed ${removed}` : ""}`);
  }
  const reopened = repaired.filter((r) => !r.before.open && r.after.open).length;
  console.log(`checked ${checked} comparisons: ${repaired.length} repaired, ${reopened} reopened`);
  return 0;
}

async function backfillQualityColumns(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { batch: { type: "string" } } });
  const batchSize = values.batch === undefined ? 200 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error("quality:backfill --batch must be an integer from 1 to 10000");
    return 2;
  }
  const result = await backfillQuality({
    db: await getDb(),
    batchSize,
    onProgress: (p) => process.stdout.write(`\r${p.comparisons} comparisons, ${p.rankings} rankings, ${p.updated} rows updated`),
  });
  console.log(`\rchecked ${result.comparisons} comparisons and ${result.rankings} rankings: ${result.updated} rows updated`);
  return 0;
}

async function runSetup(demo: boolean) {
  const config = getConfig();
  const result = await setup({
    db: await getDb(),
    adminEmail: config.PODIUM_ADMIN_EMAIL,
    adminPassword: config.PODIUM_ADMIN_PASSWORD,
    demo,
  });
  if (result.admin.created) {
    console.log(`Created the first admin: ${result.admin.email}`);
    if (!config.PODIUM_ADMIN_PASSWORD) console.log(`  password: ${result.admin.password}   (shown once — write it down)`);
  }
  return result;
}

async function up(): Promise<number> {
  const config = getConfig();
  console.log(`Database: ${config.databaseKind === "sqlite" ? config.sqlitePath : "PostgreSQL"}`);
  migrate({ databaseUrl: config.DATABASE_URL });
  const result = await runSetup(true);
  await (await getDb()).$disconnect();

  if (!buildIsFresh(ROOT)) {
    console.log("Building the web app (first start or changed sources)…");
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    writeBuildStamp(ROOT);
  }

  const env = { ...process.env, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: config.DATABASE_URL };
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}`;
  const workerEntry = path.join(ROOT, "workers", "main.ts");
  const { done } = supervise({
    web: {
      args: ["--import", "tsx", path.join(ROOT, "server", "web-server.ts")],
      cwd: ROOT,
      env,
      stdout: "pipe",
      onStart: (web) => announceWhenReady(web, url, result),
    },
    // `--import tsx` rather than the tsx CLI: the CLI runs the script in a second process, which would outlive a
    // killed CLI and hide the worker's own exit code from the supervisor.
    ...(fs.existsSync(workerEntry) ? { worker: { args: ["--import", "tsx", workerEntry], cwd: ROOT, env } } : {}),
  });
  return done;
}

function announceWhenReady(web: ChildProcess, url: string, result: Awaited<ReturnType<typeof runSetup>>): void {
  let announced = false;
  web.stdout?.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /ready|started/i.test(chunk.toString())) {
      announced = true;
      console.log(`\n  Podium is running at ${url}`);
      console.log(`  Admin:   ${result.admin.email}  ${result.admin.password ? `password ${result.admin.password}` : "(password printed at first set-up; reset: npm run podium -- user:password --email " + result.admin.email + ")"}`);
      if (result.labeler) console.log(`  Labeler: ${result.labeler.email}  password ${result.labeler.password}`);
      console.log("  Stop with Ctrl+C.\n");
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
