// Truncated rollouts before/after: a random tiny policy (V≈300, D=32, 1 layer — it almost never writes EOS, so nearly
// every rollout hits the token limit, as the shipped base model's do at 64 tokens) is fine-tuned by ppo jobs against
// a reward model trained on rule-following rankings (more "good" ranks higher; tests/integration/learning-fixtures),
// once per `truncated` mode, through the real worker loop on a fresh SQLite database. Prints a Markdown table: the
// share of rollouts the reward model scored, the reward model's mean normalised score (first 3 → last 3 steps), the
// score the update used, EOS rate and KL.
// Usage: npx tsx tests/bench/ml/truncated-rollouts.ts [--steps 20] [--modes penalty,score-plus-penalty]
import { parseArgs } from "node:util";
import { openDb } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { createTestDatabase } from "../../support/servers";
import { createTestUser } from "../../support/factories";
import { createRuleRankings } from "../../integration/learning-fixtures";
import { createTinyPolicyVersion, runTestWorker } from "../../integration/worker-fixtures";

const { values: args } = parseArgs({
  options: {
    steps: { type: "string", default: "20" },
    modes: { type: "string", default: "penalty,score-plus-penalty" },
  },
});
const steps = Number(args.steps);
const modes = args.modes.split(",");

async function main(): Promise<void> {
  await selectBackend({ force: "wasm" });
  const database = await createTestDatabase("sqlite");
  const db = await openDb({ url: database.url, poolSize: 4 });
  const lines: string[] = [];
  try {
    const user = await createTestUser(db, { role: "ADMIN" });
    const admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN" as const, via: "token" as const };
    await createTinyPolicyVersion(db);
    await createRuleRankings(db, { count: 40, seed: 11 });
    const run = async (type: "reward" | "ppo", config: Record<string, unknown>) => {
      const job = await enqueueJob({ db, actor: admin, type, config });
      const results = await runTestWorker({ db, lines, leaseMs: 60_000, heartbeatMs: 500 });
      if (results.join() !== "succeeded") throw new Error(lines.join("\n"));
      const points = await db.jobMetric.findMany({ where: { jobId: job.id }, orderBy: { step: "asc" } });
      return (name: string) => points.filter((p) => p.name === name).map((p) => p.value);
    };
    await run("reward", {
      steps: 80,
      batchSize: 8,
      lr: 3e-3,
      heldOutFraction: 0.25,
      evalEvery: 40,
      checkpointEvery: 1_000,
      seed: 3,
    });
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
    const f = (x: number) => x.toFixed(3);
    const rows: string[] = [];
    for (const truncated of modes) {
      const t0 = Date.now();
      const series = await run("ppo", {
        steps,
        batchSize: 16,
        ppoEpochs: 2,
        lr: 3e-3,
        klCoef: 0.2,
        truncated,
        sampling: { maxTokens: 12 },
        checkpointEvery: 1_000,
        seed: 3,
      });
      const rm = series("rewardNormalised");
      rows.push(
        `| ${truncated} | ${f(mean(series("rewardModelShare")))} | ${f(mean(rm.slice(0, 3)))} → ${f(mean(rm.slice(-3)))} | ` +
          `${f(mean(series("score").slice(-3)))} | ${f(mean(series("eosFraction").slice(-3)))} | ${f(mean(series("kl").slice(-3)))} | ${((Date.now() - t0) / 1000).toFixed(0)} |`,
      );
    }
    console.log(`\nppo, ${steps} steps, 16 rollouts of ≤ 12 tokens per step, β 0.2\n`);
    console.log(
      "| truncated | reward-model share (mean) | RM normalised score, first 3 → last 3 steps | score used (last 3) | EOS rate (last 3) | KL (last 3) | s |",
    );
    console.log("|---|---|---|---|---|---|---|");
    for (const r of rows) console.log(r);
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

void main();
