// Training and generation throughput of the tfjs GPT (lib/ml/model) on the selected backend, measured exactly as
// tests/bench/ml/torch_reference.py measures PyTorch: fixed random batch, AdamW step with clipping, 3 warm-up steps;
// generation = batch of 5 rows of one random prompt with the KV cache, sampled at temperature 1, no EOS stop.
// Training and generation both share the work among PODIUM_TRAIN_THREADS threads (lib/ml/parallel), started once.
// Training runs on PODIUM_TRAIN_THREADS threads (default 2 on ≥ 2 cores; --threads overrides), as the worker's jobs do.
// Usage: npx tsx tests/bench/ml/train-gen.bench.ts [--config gpt.json] [--batch 16] [--steps 20] [--new-tokens 48] [--threads 2]
// Prints one JSON line per config (the reference config, then --config if given).
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../../lib/ml/backend";
import { type GptConfig, makeGptConfig } from "../../../lib/ml/model/config";
import { Gpt } from "../../../lib/ml/model/gpt";
import { type TrainPart, TrainThreads, generateOnThreads, groupParts, parallelStep, trainThreadsFromEnv } from "../../../lib/ml/parallel";
import { Rng } from "../../../lib/ml/sampling/rng";
import { AdamW } from "../../../lib/ml/train/adamw";

const { values: args } = parseArgs({
  options: {
    config: { type: "string" },
    batch: { type: "string" },
    steps: { type: "string", default: "20" },
    warmup: { type: "string", default: "3" },
    "new-tokens": { type: "string", default: "48" },
    "gen-reps": { type: "string", default: "3" },
    /** Training threads (default: PODIUM_TRAIN_THREADS, else 2 on ≥ 2 cores). */
    threads: { type: "string" },
  },
});

/** The reference config: V=256, D=128, T=64, B=16, L=2, H=4. */
const REFERENCE = makeGptConfig({ vocabSize: 256, blockSize: 64, nLayer: 2, nHead: 4, nEmbd: 128 });
const GEN_BATCH = 5;

/**
 * Training steps on one fixed batch, shared by `threads` threads (lib/ml/parallel: the batch's rows cut into one
 * part per thread, weighted by their share, one AdamW step on the summed gradients) — what the worker's jobs do.
 */
async function benchTrain(options: { model: Gpt; batch: number; steps: number; warmup: number; threads: TrainThreads | null }): Promise<{ stepMs: number; tokensPerSec: number }> {
  const { model, batch, steps, warmup } = options;
  const { vocabSize: v, blockSize: t } = model.config;
  const rng = new Rng(0);
  const ids = Int32Array.from({ length: batch * t }, () => rng.int(v));
  const targets = Int32Array.from({ length: batch * t }, () => rng.int(v));
  const optimizer = new AdamW({ params: model.variables(), config: { lr: 3e-4 } });
  const { threads } = options;
  const parts: TrainPart[] = groupParts(Array.from({ length: batch }, (_, i) => i), threads?.size ?? 1).map((rows) => {
    const from = (rows[0] as number) * t;
    const to = from + rows.length * t;
    return { kind: "lm", weight: rows.length / batch, inputs: ids.slice(from, to), targets: targets.slice(from, to), rows: rows.length, cols: t };
  });
  try {
    const step = () => parallelStep({ optimizer, models: { lm: model }, parts, threads, lr: 3e-4 });
    for (let i = 0; i < warmup; i++) await step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step();
    const stepMs = (performance.now() - t0) / steps;
    return { stepMs, tokensPerSec: (batch * t * 1000) / stepMs };
  } finally {
    optimizer.dispose();
  }
}

/** Generation with the rows shared among the threads (lib/ml/parallel's generateOnThreads), as the worker's jobs do. */
async function benchGenerate(options: { model: Gpt; promptLen: number; newTokens: number; reps: number; threads: TrainThreads | null }): Promise<{ ms: number; tokensPerSec: number }> {
  const { model, promptLen, newTokens, reps, threads } = options;
  const rng = new Rng(1);
  const prompt = Array.from({ length: promptLen }, () => rng.int(model.config.vocabSize));
  const run = (seed: number) =>
    generateOnThreads({ model, threads, prompts: [prompt], numSamples: GEN_BATCH, eosId: -1, seed, config: { temperature: 1, maxNewTokens: newTokens } });
  await run(0); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await run(i + 1);
  const ms = (performance.now() - t0) / reps;
  return { ms, tokensPerSec: (GEN_BATCH * newTokens * 1000) / ms };
}

function loadConfig(path: string): { config: GptConfig; batch: number } {
  const raw = JSON.parse(readFileSync(path, "utf8")) as { model?: Partial<GptConfig>; trainer?: { batchSize?: number } } & Partial<GptConfig>;
  const model = raw.model ?? raw;
  return { config: makeGptConfig(model), batch: raw.trainer?.batchSize ?? 16 };
}

async function main(): Promise<void> {
  const backend = await selectBackend();
  const threads = args.threads ? Number(args.threads) : trainThreadsFromEnv();
  const runs: { name: string; config: GptConfig; batch: number }[] = [{ name: "reference", config: REFERENCE, batch: 16 }];
  if (args.config) {
    const { config, batch } = loadConfig(args.config);
    runs.push({ name: args.config, config, batch: args.batch ? Number(args.batch) : batch });
  }
  for (const run of runs) {
    const before = tf.memory().numTensors;
    const model = Gpt.create({ config: run.config, seed: 0 });
    const pool = await TrainThreads.start({ threads, spec: { kind: "gpt", config: run.config } }); // started once, as a job does
    const train = await benchTrain({ model, batch: run.batch, steps: Number(args.steps), warmup: Number(args.warmup), threads: pool });
    const promptLen = Math.min(16, Math.floor(run.config.blockSize / 4));
    const newTokens = Math.min(Number(args["new-tokens"]), run.config.blockSize - promptLen - 1);
    const gen = await benchGenerate({ model, promptLen, newTokens, reps: Number(args["gen-reps"]), threads: pool });
    await pool?.close();
    const params = model.numParams();
    model.dispose();
    const flopsPerToken = 6 * params + 12 * run.config.nLayer * run.config.blockSize * run.config.nEmbd;
    console.log(
      JSON.stringify({
        bench: "tfjs_train_gen",
        name: run.name,
        backend: backend.name,
        config: run.config,
        batch: run.batch,
        params,
        load_avg_1m: Number(os.loadavg()[0]?.toFixed(2)),
        train_threads: threads,
        gen_threads: threads,
        train_step_ms: Number(train.stepMs.toFixed(3)),
        train_tokens_per_s: Number(train.tokensPerSec.toFixed(1)),
        train_gflops: Number(((train.tokensPerSec * flopsPerToken) / 1e9).toFixed(3)),
        gen_batch: GEN_BATCH,
        gen_prompt_tokens: promptLen,
        gen_new_tokens: newTokens,
        gen_ms: Number(gen.ms.toFixed(3)),
        gen_tokens_per_s: Number(gen.tokensPerSec.toFixed(1)),
        leaked_tensors: tf.memory().numTensors - before,
      }),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
