// Run with tsx by the e2e global set-up (the Prisma client is ESM, which Playwright's CommonJS loader cannot
// import): creates the suite's admin and an API token for it, and prints them as JSON. Tests then set up users and
// prompts through the HTTP API with that token, as a script would.
import { randomBytes } from "node:crypto";
import { createApiToken, SYSTEM_ACTOR } from "@/lib/auth";
import { openDb } from "@/lib/db";
import { createUser } from "@/lib/users";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const db = await openDb({ url });
  const email = `e2e-admin-${randomBytes(4).toString("hex")}@test.podium`;
  const password = `pw-${randomBytes(10).toString("hex")}`;
  const admin = await createUser({
    db,
    actor: SYSTEM_ACTOR,
    email,
    name: "E2E Admin",
    password,
    role: "ADMIN",
  });
  const token = await createApiToken({ db, actor: SYSTEM_ACTOR, userId: admin.id, name: "e2e suite" });
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify({ email, password, token: token.token })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
