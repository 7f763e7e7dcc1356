// Training memory vs micro-batch size: the shipped base model (lib/ml/assets/base, DEFAULT_GPT_CONFIG) trained by
// trainRewardModel on synthetic rankings (16 rankings × 5 random sequences of 100–128 tokens, the whole batch every
// step) — or, with --trainer dpo, by trainDpo on 16 synthetic preference pairs (prompt + two responses, 100–128 tokens
// each, live reference model) — once per micro-batch size, EACH IN ITS OWN CHILD PROCESS so the peak resident set
// (VmHWM of /proc/self/status) is that run's own. The wasm heap grows to the largest activation peak, never shrinks.
// Usage: npx tsx tests/bench/ml/reward-memory.ts [--trainer reward|dpo] [--steps 4] [--warmup 1] [--micro 0,4,2]
//        [--eval-batch N]
// (--micro 0 = the whole batch in one forward/backward pass; --eval-batch defaults to the trainer's evalBatchSize).
// Prints a Markdown table: s/step, trained tokens/s, peak RSS over the training steps and over the whole run (which
// ends with the trainer's no-gradient scoring pass over the training set), each as a ratio to the one-pass run.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "@/lib/ml/backend";
import { deserializeCheckpoint } from "@/lib/ml/checkpoint";
import { DEFAULT_GPT_CONFIG, ZGptConfig } from "@/lib/ml/model/config";
import type { RankingExample } from "@/lib/ml/reward/data";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { Gpt } from "@/lib/ml/model/gpt";
import { trainDpo } from "@/lib/ml/rl/dpo";
import type { PreferencePair } from "@/lib/ml/rl/preference-pairs";
import { DEFAULT_REWARD_TRAIN_CONFIG, trainRewardModel } from "@/lib/ml/reward/train-reward";
import { Rng } from "@/lib/ml/sampling/rng";
import { Tokenizer } from "@/lib/ml/tokenizer";

const BASE_CHECKPOINT = path.join(process.cwd(), "lib", "ml", "assets", "base", "base.ckpt");
const RANKINGS = 16;
const K = 5;
const MIN_LEN = 100;
const MAX_LEN = 128;

type Trainer = "reward" | "dpo";

interface ChildOptions {
  trainer: Trainer;
  microBatchSize: number;
  evalBatchSize: number;
  steps: number;
  warmup: number;
}

/** What one child process measures. */
interface RunResult {
  microBatchSize: number;
  evalBatchSize: number;
  /** Seconds of each measured step (after the warm-up steps). */
  stepSeconds: number[];
  /** Real (unpadded) tokens trained per step. */
  tokensPerStep: number;
  /** VmHWM after the last training step, before the trainer's final scoring pass. */
  peakStepsKiB: number;
  /** VmHWM at the end of the run (includes the final scoring pass). */
  peakTotalKiB: number;
  /** Size of the wasm heap after the training steps and at the end. */
  wasmHeapStepsBytes: number;
  wasmHeapTotalBytes: number;
  scoringSeconds: number;
}

function readKiB(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8?.buffer.byteLength ?? 0;
}

/** 16 rankings × 5 sequences of random tokens (never PAD), lengths uniform in [100, 128]; a fixed seed. */
function syntheticRankings(options: { vocabSize: number; padId: number }): RankingExample[] {
  const rng = new Rng(2024);
  return Array.from({ length: RANKINGS }, (_, i) => ({
    promptId: `bench-${i}`,
    sequences: Array.from({ length: K }, () =>
      Array.from({ length: MIN_LEN + rng.int(MAX_LEN - MIN_LEN + 1) }, () => {
        const t = rng.int(options.vocabSize - 1);
        return t >= options.padId ? t + 1 : t;
      }),
    ),
  }));
}

/** 16 preference pairs: a 16-token prompt and two responses, each pair 100–128 tokens long per side; a fixed seed. */
function syntheticPairs(options: { vocabSize: number; padId: number }): PreferencePair[] {
  const rng = new Rng(2025);
  const token = () => {
    const t = rng.int(options.vocabSize - 1);
    return t >= options.padId ? t + 1 : t;
  };
  const response = (promptLen: number) => Array.from({ length: MIN_LEN - promptLen + rng.int(MAX_LEN - MIN_LEN + 1) }, token);
  return Array.from({ length: RANKINGS }, () => {
    const prompt = Array.from({ length: 16 }, token);
    return { prompt, chosen: response(prompt.length), rejected: response(prompt.length) };
  });
}

function loadBase() {
  const checkpoint = deserializeCheckpoint(readFileSync(BASE_CHECKPOINT));
  const config = ZGptConfig.parse(checkpoint.config.model);
  if (JSON.stringify(config) !== JSON.stringify(DEFAULT_GPT_CONFIG)) throw new Error("the shipped base model no longer has DEFAULT_GPT_CONFIG");
  return { checkpoint, config, tokenizer: Tokenizer.fromJSON(checkpoint.tokenizer) };
}

async function childDpo(options: ChildOptions): Promise<RunResult> {
  const { microBatchSize, steps, warmup } = options;
  const { checkpoint, config, tokenizer } = loadBase();
  const pairs = syntheticPairs({ vocabSize: config.vocabSize, padId: tokenizer.padId });
  const tokensPerStep = pairs.reduce((sum, p) => sum + 2 * p.prompt.length + p.chosen.length + p.rejected.length, 0);
  const policy = Gpt.fromWeights({ config, weights: checkpoint.weights });
  const reference = Gpt.fromWeights({ config, weights: checkpoint.weights });
  const stamps = [performance.now()];
  let peakStepsKiB = 0;
  let wasmHeapStepsBytes = 0;
  const total = warmup + steps;
  await trainDpo({
    policy,
    reference,
    pairs,
    config: { steps: total, batchSize: RANKINGS, microBatchSize, evalEvery: 0, warmupSteps: 0 },
    onMetrics: (m) => {
      stamps.push(performance.now());
      if (m.step === total) {
        peakStepsKiB = readKiB("VmHWM");
        wasmHeapStepsBytes = wasmHeapBytes();
      }
    },
  });
  policy.dispose();
  reference.dispose();
  return {
    microBatchSize,
    evalBatchSize: 0,
    stepSeconds: stamps.slice(warmup + 1).map((t, i) => (t - (stamps[warmup + i] as number)) / 1000),
    tokensPerStep,
    peakStepsKiB,
    peakTotalKiB: readKiB("VmHWM"),
    wasmHeapStepsBytes,
    wasmHeapTotalBytes: wasmHeapBytes(),
    scoringSeconds: 0,
  };
}

async function child(options: ChildOptions): Promise<RunResult> {
  const { microBatchSize, evalBatchSize, steps, warmup } = options;
  await selectBackend({ force: "wasm" });
  if (options.trainer === "dpo") return childDpo(options);
  const { checkpoint, config, tokenizer } = loadBase();
  const examples = syntheticRankings({ vocabSize: config.vocabSize, padId: tokenizer.padId });
  const tokensPerStep = examples.reduce((sum, ex) => sum + ex.sequences.reduce((s, seq) => s + seq.length, 0), 0);
  const model = RewardModel.fromPolicy({ config, policyWeights: checkpoint.weights, seed: 1 });
  const stamps: number[] = [];
  let peakStepsKiB = 0;
  let wasmHeapStepsBytes = 0;
  const total = warmup + steps;
  stamps.push(performance.now());
  await trainRewardModel({
    model,
    examples,
    padId: tokenizer.padId,
    config: {
      steps: total,
      batchSize: RANKINGS, // every step trains all 16 rankings, in an order drawn by the trainer's RNG
      microBatchSize,
      evalBatchSize,
      valFraction: 0,
      evalEvery: 0,
      warmupSteps: 0,
      maxLength: MAX_LEN,
    },
    onMetrics: (m) => {
      stamps.push(performance.now());
      if (m.step === total) {
        peakStepsKiB = readKiB("VmHWM");
        wasmHeapStepsBytes = wasmHeapBytes();
      }
    },
  });
  const end = performance.now();
  model.dispose();
  const stepSeconds = stamps.slice(warmup + 1).map((t, i) => (t - (stamps[warmup + i] as number)) / 1000);
  return {
    microBatchSize,
    evalBatchSize,
    stepSeconds,
    tokensPerStep,
    peakStepsKiB,
    peakTotalKiB: readKiB("VmHWM"),
    wasmHeapStepsBytes,
    wasmHeapTotalBytes: wasmHeapBytes(),
    scoringSeconds: (end - (stamps.at(-1) as number)) / 1000,
  };
}

function runChild(options: ChildOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", path.resolve(process.argv[1] as string), "--child", JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`child (micro-batch ${options.microBatchSize}) exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as RunResult);
    });
  });
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const mib = (kib: number): string => (kib / 1024).toFixed(0);
const ratio = (x: number, ref: number): string => `${(x / ref).toFixed(2)}×`;

function table(runs: RunResult[], unit: string): string {
  const ref = runs.find((r) => r.microBatchSize === 0) ?? (runs[0] as RunResult);
  const refStep = mean(ref.stepSeconds);
  const lines = [
    `| ${unit} per pass | s/step | trained tokens/s | peak RSS, steps (MiB) | wasm heap (MiB) | peak RSS incl. scoring pass (MiB) | s/step vs one pass | tokens/s vs one pass | peak RSS (steps) vs one pass | peak RSS (run) vs one pass |`,
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of runs) {
    const step = mean(r.stepSeconds);
    const label = r.microBatchSize === 0 || r.microBatchSize >= RANKINGS ? `${RANKINGS} (one pass)` : `${r.microBatchSize} (${Math.ceil(RANKINGS / r.microBatchSize)} micro-batches)`;
    lines.push(
      `| ${label} | ${step.toFixed(2)} | ${(r.tokensPerStep / step).toFixed(0)} | ${mib(r.peakStepsKiB)} | ${mib(r.wasmHeapStepsBytes / 1024)} | ` +
        `${mib(r.peakTotalKiB)} | ${ratio(step, refStep)} | ${ratio(r.tokensPerStep / step, ref.tokensPerStep / refStep)} | ` +
        `${ratio(r.peakStepsKiB, ref.peakStepsKiB)} | ${ratio(r.peakTotalKiB, ref.peakTotalKiB)} |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      child: { type: "string" },
      trainer: { type: "string", default: "reward" },
      steps: { type: "string", default: "4" },
      warmup: { type: "string", default: "1" },
      micro: { type: "string", default: "0,4,2" },
      "eval-batch": { type: "string", default: String(DEFAULT_REWARD_TRAIN_CONFIG.evalBatchSize) },
    },
  });
  if (args.child) {
    const result = await child(JSON.parse(args.child) as Parameters<typeof child>[0]);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const steps = Number(args.steps);
  const warmup = Number(args.warmup);
  const evalBatchSize = Number(args["eval-batch"]);
  const trainer = args.trainer === "dpo" ? "dpo" : "reward";
  const runs: RunResult[] = [];
  for (const microBatchSize of args.micro.split(",").map(Number)) {
    console.error(`[${trainer}-memory] micro-batch ${microBatchSize}: ${warmup} warm-up + ${steps} measured steps`);
    runs.push(await runChild({ trainer, microBatchSize, evalBatchSize, steps, warmup }));
  }
  const { vocabSize, blockSize, nLayer, nHead, nEmbd } = DEFAULT_GPT_CONFIG;
  const perStep = runs[0]?.tokensPerStep ?? 0;
  if (trainer === "dpo") {
    console.log(
      `DPO, shipped base model (V=${vocabSize}, T=${blockSize}, L=${nLayer}, H=${nHead}, D=${nEmbd}) as policy and live reference, wasm backend, ` +
        `${RANKINGS} pairs of ${MIN_LEN}–${MAX_LEN}-token sequences per step (${perStep} tokens through the policy), ${steps} steps after ${warmup} warm-up, ` +
        `each run in its own process. ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)} at the end.\n`,
    );
    console.log(table(runs, "pairs"));
    return;
  }
  console.log(
    `Reward training, shipped base model (V=${vocabSize}, T=${blockSize}, L=${nLayer}, H=${nHead}, D=${nEmbd}), wasm backend, ` +
      `${RANKINGS} rankings × ${K} sequences of ${MIN_LEN}–${MAX_LEN} tokens per step (${perStep} tokens), ${steps} steps after ${warmup} warm-up, ` +
      `each run in its own process; scoring pass: ${RANKINGS} rankings in chunks of ${evalBatchSize}. ${os.cpus().length} cores, ` +
      `load average ${os.loadavg()[0]?.toFixed(2)} at the end.\n`,
  );
  console.log(table(runs, "rankings"));
  console.log(`\nScoring pass (s): ${runs.map((r) => `${r.microBatchSize || "one pass"}: ${r.scoringSeconds.toFixed(1)}`).join(", ")}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
