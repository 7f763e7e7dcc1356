// Run by jobs.spec.ts in its own process (`node --import tsx`, Prisma's ESM client does not load in Playwright's
// transform): a tiny active policy and rankings in the e2e database, so a reward job trains in seconds.
import { openDb } from "@/lib/db";
import { createRankings, createTinyPolicyVersion } from "../integration/worker-fixtures";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const db = await openDb({ url });
  const policy = await createTinyPolicyVersion(db);
  const rankings = await createRankings(db, { count: 10, labelers: 2 });
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify({ policyId: policy.id, rankings })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
