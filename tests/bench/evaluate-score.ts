// The evaluate job and reward scoring on the shipped base model (a 1.07 M-parameter GPT; the reward model is its
// trunk with a fresh head): a fresh migrated SQLite database with the demo prompts, base vs a copy of base, and
// 1. the evaluate job at its defaults (32 prompts × 2 samples × 2 versions, 64 tokens at temperature 1) through the
//    worker loop in this process: wall time;
// 2. POST /api/v1/models/:id/score's work (lib/models/score-completions.ts, a child process per request) for 1 and for
//    32 completions of about 200 characters: wall time, and the longest stall of this process's event loop meanwhile;
//    side by side with the same 32 completions scored in this process (what scoring in the web process would do).
// Run: `npm run bench -- evaluate` or `npx tsx tests/bench/evaluate-score.ts`.
import { openDb } from "@/lib/db";
import { seedDemoData } from "@/lib/data/seed-demo";
import { enqueueJob } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { KvCheckpointStore } from "@/lib/ml/checkpoint";
import { ZGptConfig } from "@/lib/ml/model/config";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { rewardModelScorer } from "@/lib/ml/rl";
import { createDbArtifactKv, scoreCompletions } from "@/lib/models";
import { JOB_HANDLERS } from "@/workers/handlers";
import { ensureBasePolicy } from "@/workers/ml/ensure-base-policy";
import { loadRewardModel } from "@/workers/ml/load-models";
import { encodeCompletion, encodePrompt } from "@/workers/ml/text";
import { runWorker } from "@/workers/run-worker";
import { createTestUser } from "../support/factories";
import { createTestDatabase } from "../support/servers";

function log(line: string): void {
  console.error(`[${new Date().toISOString()}] [bench] ${line}`);
}

/**
 * Runs `fn` while a 5 ms interval timer watches this process's event loop; returns its result, wall ms and the longest
 * gap between two ticks (a stall: code that kept the loop from turning). One more tick is awaited after `fn`, so a
 * stall that lasts to its end is counted too.
 */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(timer);
  return { value, ms, stallMs: worst };
}

async function main(): Promise<void> {
  await selectBackend({ force: "wasm" });
  const database = await createTestDatabase("sqlite");
  process.env.DATABASE_URL = database.url; // the scorer child reads the same database
  const db = await openDb({ url: database.url, poolSize: 2 });
  try {
    await seedDemoData({ db });
    await db.prompt.updateMany({ data: { split: "eval" } });
    const store = new KvCheckpointStore({ kv: createDbArtifactKv({ db }) });
    const baseId = await ensureBasePolicy({ db, store, log });
    if (!baseId) throw new Error("no shipped base checkpoint");
    const base = await db.modelVersion.findUniqueOrThrow({ where: { id: baseId } });
    const checkpoint = await store.load(base.artifactKey);
    if (!checkpoint) throw new Error("base checkpoint missing");
    await store.save("models/bench-copy", checkpoint);
    await db.modelVersion.create({ data: { id: "bench-copy", kind: "POLICY", name: "base copy", parentId: baseId, config: {}, metrics: {}, artifactKey: "models/bench-copy" } });
    const config = ZGptConfig.parse(checkpoint.config.model);
    const rm = RewardModel.fromPolicy({ config, policyWeights: checkpoint.weights, seed: 3 });
    await store.save("models/bench-reward", { ...checkpoint, kind: "reward", weights: await rm.exportWeights(), extra: { normalisation: { mean: 0, std: 1 } } });
    rm.dispose();
    await db.modelVersion.create({ data: { id: "bench-reward", kind: "REWARD", name: "bench reward", config: {}, metrics: {}, artifactKey: "models/bench-reward" } });
    const user = await createTestUser(db, { role: "ADMIN" });
    const admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN" as const, via: "token" as const };

    await enqueueJob({ db, actor: admin, type: "evaluate", config: { policyIds: [baseId, "bench-copy"], rewardModelId: "bench-reward" } });
    const job = await measured(() =>
      runWorker({ db, store, workerId: "bench-eval", handlers: JOB_HANDLERS, leaseMs: 600_000, heartbeatMs: 1000, pollMs: 100, retryDelayMs: 0, shutdown: new AbortController().signal, log: () => {}, untilEmpty: true }),
    );
    if (job.value.join() !== "succeeded") throw new Error(`evaluate job: ${job.value.join()}`);

    const prompt = "What should the government do about the public lands?";
    const text = "The public lands of the United States should be sold to settlers at a fair price, and the revenue applied to the debt. ".slice(0, 200);
    const one = await measured(() => scoreCompletions({ db, actor: admin, modelVersionId: "bench-reward", request: { prompt, completions: [text] } }));
    const batch = { items: Array.from({ length: 2 }, () => ({ prompt, completions: Array.from({ length: 16 }, (_, i) => `${text} ${i}`) })) };
    const many = await measured(() => scoreCompletions({ db, actor: admin, modelVersionId: "bench-reward", request: batch }));
    const loaded = await loadRewardModel({ store, key: "models/bench-reward" });
    const scorer = rewardModelScorer({ rewardModel: loaded.model, padId: loaded.tokenizer.padId });
    const inProcess = await measured(async () => {
      for (const item of batch.items) {
        const responses = item.completions.map((c) => encodeCompletion(loaded.tokenizer, c));
        const p = encodePrompt(loaded.tokenizer, item.prompt);
        await scorer({ prompts: responses.map(() => p), responses, endedWithEos: responses.map(() => true) });
      }
    });
    loaded.model.dispose();

    console.log("| what | wall time | longest event-loop stall of the calling process (5 ms timer) |");
    console.log("|---|---|---|");
    console.log(`| evaluate job, defaults (32 prompts × 2 samples × 2 versions, 64 tokens) | ${(job.ms / 1000).toFixed(1)} s | – |`);
    console.log(`| score 1 completion (child process) | ${(one.ms / 1000).toFixed(2)} s | ${one.stallMs.toFixed(0)} ms |`);
    console.log(`| score 32 completions (child process) | ${(many.ms / 1000).toFixed(2)} s | ${many.stallMs.toFixed(0)} ms |`);
    console.log(`| score the same 32 in this process (for comparison) | ${(inProcess.ms / 1000).toFixed(2)} s | ${inProcess.stallMs.toFixed(0)} ms |`);
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
