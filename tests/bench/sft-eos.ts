// EOS rate of the policy's samples before and after a short SFT job on the demo data, through the real job runner:
// a fresh migrated SQLite database with the demo seed (prompts + demonstrations), the shipped base registered as the
// first policy, an sft job (BENCH_SFT_STEPS steps, default 100; other settings at the job defaults) run by the worker
// loop in this process, then 64 samples at the generate defaults (temperature 0.8, top-k 40, 64 tokens) from each
// policy: 2 per prompt on the first 32 demo prompts, and 5 per prompt on the demo prompts that have no demonstration
// (answers SFT never saw). A sample "ends" when the model emits EOS before the token limit.
// Run: `npm run bench -- sft` or `npx tsx tests/bench/sft-eos.ts`.
import { openDb } from "@/lib/db";
import { DEMO_PROMPTS } from "@/lib/data/demo-prompts";
import { DEMO_DEMONSTRATIONS } from "@/lib/data/demo-demonstrations";
import { seedDemoData } from "@/lib/data/seed-demo";
import { enqueueJob, parseJobConfig } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { KvCheckpointStore } from "@/lib/ml/checkpoint";
import { generate } from "@/lib/ml/sampling/generate";
import { createDbArtifactKv } from "@/lib/models";
import { normalisePromptText } from "@/lib/data";
import { JOB_HANDLERS } from "@/workers/handlers";
import { ensureBasePolicy } from "@/workers/ml/ensure-base-policy";
import { loadPolicy } from "@/workers/ml/load-models";
import { encodePrompt } from "@/workers/ml/text";
import { runWorker } from "@/workers/run-worker";
import { createTestUser } from "../support/factories";
import { createTestDatabase } from "../support/servers";

const STEPS = Number(process.env.BENCH_SFT_STEPS ?? 100);

function log(line: string): void {
  console.error(`[${new Date().toISOString()}] [bench] ${line}`);
}

async function main(): Promise<void> {
  const backend = await selectBackend({ force: "wasm" });
  log(`backend ${backend.name}`);
  const database = await createTestDatabase("sqlite");
  const db = await openDb({ url: database.url, poolSize: 2 });
  try {
    await seedDemoData({ db });
    const store = new KvCheckpointStore({ kv: createDbArtifactKv({ db }) });
    const baseId = await ensureBasePolicy({ db, store, log });
    if (!baseId) throw new Error("no shipped base checkpoint");
    const user = await createTestUser(db, { role: "ADMIN" });
    const admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN" as const, via: "token" as const };
    const job = await enqueueJob({ db, actor: admin, type: "sft", config: { steps: STEPS } });
    const t0 = performance.now();
    const outcome = await runWorker({
      db,
      store,
      workerId: "bench-sft",
      handlers: JOB_HANDLERS,
      leaseMs: 60_000,
      heartbeatMs: 1_000,
      pollMs: 200,
      retryDelayMs: 0,
      shutdown: new AbortController().signal,
      log,
      untilEmpty: true,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (outcome.join() !== "succeeded") throw new Error(`sft job ended ${outcome.join()}`);
    const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id }, select: { id: true, artifactKey: true, metrics: true } });
    const base = await db.modelVersion.findUniqueOrThrow({ where: { id: baseId }, select: { artifactKey: true } });

    const sampling = parseJobConfig("generate", {}).sampling;
    const withDemo = new Set(DEMO_DEMONSTRATIONS.map((d) => normalisePromptText(d.prompt)));
    const seen = DEMO_PROMPTS.slice(0, 32).map((p) => p.prompt);
    const unseen = DEMO_PROMPTS.map((p) => p.prompt).filter((p) => !withDemo.has(normalisePromptText(p)));
    const rate = async (key: string, prompts: string[], perPrompt: number) => {
      const policy = await loadPolicy({ store, key });
      try {
        const samples = await generate({
          model: policy.model,
          prompts: prompts.map((p) => encodePrompt(policy.tokenizer, p)),
          numSamples: perPrompt,
          eosId: policy.tokenizer.eosId,
          config: { temperature: sampling.temperature, topK: sampling.topK, topP: sampling.topP, maxNewTokens: Math.min(sampling.maxTokens, policy.model.config.blockSize - 1) },
          seed: 1,
        });
        const ended = samples.filter((s) => s.finished).length;
        const meanTokens = samples.reduce((s, c) => s + c.tokens.length, 0) / samples.length;
        return { n: samples.length, ended, meanTokens };
      } finally {
        policy.model.dispose();
      }
    };
    const rows = [
      { policy: "base", set: "demo prompts 1–32 × 2", ...(await rate(base.artifactKey, seen, 2)) },
      { policy: `sft (${STEPS} steps)`, set: "demo prompts 1–32 × 2", ...(await rate(version.artifactKey, seen, 2)) },
      { policy: "base", set: `demo prompts without a demonstration (${unseen.length}) × 5`, ...(await rate(base.artifactKey, unseen, 5)) },
      { policy: `sft (${STEPS} steps)`, set: `demo prompts without a demonstration (${unseen.length}) × 5`, ...(await rate(version.artifactKey, unseen, 5)) },
    ];
    console.log(`sft job: ${STEPS} steps in ${seconds.toFixed(0)} s (worker loop, backend ${backend.name}); metrics ${JSON.stringify(version.metrics)}`);
    console.log("");
    console.log("| policy | prompts | samples | ended with EOS | EOS rate | mean tokens |");
    console.log("|---|---|---:|---:|---:|---:|");
    for (const r of rows) console.log(`| ${r.policy} | ${r.set} | ${r.n} | ${r.ended} | ${((100 * r.ended) / r.n).toFixed(0)} % | ${r.meanTokens.toFixed(1)} |`);
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
