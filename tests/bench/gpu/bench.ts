// The GPU check: which adapter Dawn gives, wasm-vs-webgpu parity on the shipped base model, and training and
// generation throughput of the GPT on webgpu for the base config and two larger ones (~10M and ~50M parameters).
// Bundled into one file by tests/bench/gpu/prepare.sh and run by tests/bench/gpu/run.sh on a machine without Node's
// packages; runs here too: npx tsx tests/bench/gpu/bench.ts --steps 2 --gen-tokens 4 (with PODIUM_WEBGPU_* set for
// the software adapter). Training = AdamW with clipping on a fixed random batch, the loss read asynchronously each
// step (as torch_reference.py's loss.item()); generation = 5 rows with the KV cache, greedy (lib/ml/sampling's generate:
// one read of the last logits per step).
// Prints one JSON line per measurement; every loop also stops at --budget-s seconds so the run fits its time slot.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { BACKEND_PACKAGES, selectBackend, type OptionalModuleLoader } from "@/lib/ml/backend";
import { type Checkpoint, deserializeCheckpoint } from "@/lib/ml/checkpoint";
import { type GptConfig, ZGptConfig, makeGptConfig } from "@/lib/ml/model/config";
import { policyFromCheckpoint } from "@/lib/ml/model/from-checkpoint";
import { Gpt } from "@/lib/ml/model/gpt";
import { openedAdapter, releaseWebGpu } from "@/lib/ml/webgpu-shim";
import { AdamW } from "@/lib/ml/train/adamw";
import { forwardLogits, greedyTokens, policyLoss, tokenGrid } from "../../support/ml-workload";

const { values: args } = parseArgs({
  options: {
    checkpoint: { type: "string", default: "lib/ml/assets/base/base.ckpt" },
    "wasm-dir": { type: "string" },
    steps: { type: "string", default: "10" },
    "gen-tokens": { type: "string", default: "32" },
    "budget-s": { type: "string", default: "40" },
    configs: { type: "string", default: "base,10m,50m" },
  },
});
const STEPS = Number(args.steps);
const GEN_TOKENS = Number(args["gen-tokens"]);
const BUDGET_MS = Number(args["budget-s"]) * 1000;
const GEN_ROWS = 5;

/** In the bundle both backends are compiled in; outside it, Node resolution finds them in node_modules. */
const bundledLoader: OptionalModuleLoader = {
  isInstalled: (spec) => spec === BACKEND_PACKAGES.wasm || spec === BACKEND_PACKAGES.webgpu,
  load: () => Promise.reject(new Error("native packages are not bundled")),
};

function emit(record: Record<string, unknown>): void {
  console.log(JSON.stringify(record));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

async function switchTo(backend: "wasm" | "webgpu"): Promise<void> {
  await selectBackend({ force: backend, loader: bundledLoader, ...(args["wasm-dir"] ? { wasmDir: args["wasm-dir"] } : {}) });
}

/** Logits of the base model on both backends, and greedy KV-cache tokens. */
async function parity(checkpoint: Checkpoint, checkpointPath: string): Promise<void> {
  const runOn = async (backend: "wasm" | "webgpu") => {
    await switchTo(backend);
    const { model } = policyFromCheckpoint(checkpoint);
    try {
      const ids = tokenGrid({ rows: 2, cols: 32, vocab: model.config.vocabSize, salt: 1 });
      const logits = await forwardLogits(model, ids, 2);
      const decode = await greedyTokens({ model, prompt: Array.from(ids.subarray(0, 8)), rows: 2, newTokens: 16 });
      return { logits, tokens: decode.tokens, params: model.numParams() };
    } finally {
      model.dispose();
    }
  };
  const wasm = await runOn("wasm");
  const gpu = await runOn("webgpu");
  let scale = 0;
  for (const x of wasm.logits) scale = Math.max(scale, Math.abs(x));
  const diff = maxAbsDiff(wasm.logits, gpu.logits);
  const sameTokens = JSON.stringify(wasm.tokens) === JSON.stringify(gpu.tokens);
  emit({
    bench: "gpu_parity",
    checkpoint: path.basename(checkpointPath),
    params: wasm.params,
    logits_max_abs_diff: diff,
    logits_max_abs: scale,
    greedy_tokens_equal: sameTokens,
    ok: diff <= 1e-3 * Math.max(1, scale) && sameTokens,
  });
}

async function throughput(name: string, config: GptConfig, batch: number): Promise<void> {
  await switchTo("webgpu");
  const model = Gpt.create({ config, seed: 0 });
  const t = config.blockSize;
  const inputs = tf.tensor2d(tokenGrid({ rows: batch, cols: t, vocab: config.vocabSize }), [batch, t], "int32");
  const targets = tokenGrid({ rows: batch, cols: t, vocab: config.vocabSize, salt: 2 });
  const record: Record<string, unknown> = { bench: "gpu_webgpu", name, config, batch, params: model.numParams() };
  const optimizer = new AdamW({ params: model.variables(), config: { lr: 3e-4 } });
  try {
    const step = () => optimizer.minimize({ lossFn: () => policyLoss(model, inputs, targets) });
    await step(); // warm-up: shader compilation
    await step();
    let done = 0;
    const t0 = performance.now();
    while (done < STEPS && performance.now() - t0 < BUDGET_MS) {
      await step();
      done++;
    }
    const stepMs = (performance.now() - t0) / Math.max(1, done);
    Object.assign(record, { train_steps: done, train_step_ms: round(stepMs), train_tokens_per_s: round((batch * t * 1000) / stepMs) });

    const promptLen = Math.min(16, Math.floor(t / 4));
    const newTokens = Math.min(GEN_TOKENS, t - promptLen - 1);
    const prompt = Array.from(tokenGrid({ rows: 1, cols: promptLen, vocab: config.vocabSize, salt: 3 }));
    await greedyTokens({ model, prompt, rows: GEN_ROWS, newTokens: 2 }); // warm-up
    const g0 = performance.now();
    await greedyTokens({ model, prompt, rows: GEN_ROWS, newTokens });
    const genMs = performance.now() - g0;
    Object.assign(record, { gen_rows: GEN_ROWS, gen_new_tokens: newTokens, gen_ms: round(genMs), gen_tokens_per_s: round((GEN_ROWS * newTokens * 1000) / genMs) });
  } catch (err) {
    record.error = err instanceof Error ? err.message : String(err);
  } finally {
    optimizer.dispose();
    inputs.dispose();
    model.dispose();
  }
  emit(record);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The three configs: the base model's, ~10M and ~50M parameters with the same vocabulary. */
function configs(base: GptConfig): { name: string; config: GptConfig; batch: number }[] {
  const all = [
    { name: "base", config: base, batch: 16 },
    { name: "10m", config: makeGptConfig({ vocabSize: base.vocabSize, blockSize: 128, nLayer: 6, nHead: 6, nEmbd: 384 }), batch: 16 },
    { name: "50m", config: makeGptConfig({ vocabSize: base.vocabSize, blockSize: 256, nLayer: 7, nHead: 12, nEmbd: 768 }), batch: 8 },
  ];
  const wanted = new Set((args.configs ?? "").split(","));
  return all.filter((c) => wanted.has(c.name));
}

async function main(): Promise<void> {
  const checkpointPath = args.checkpoint ?? "lib/ml/assets/base/base.ckpt";
  const checkpoint = deserializeCheckpoint(readFileSync(checkpointPath));
  let gpu = true;
  try {
    await switchTo("webgpu");
    emit({ bench: "gpu_adapter", adapter: openedAdapter(), node: process.version });
  } catch (err) {
    // Still print the configs, so the PyTorch side runs and the summary says what is missing.
    emit({ bench: "gpu_adapter", adapter: null, error: err instanceof Error ? err.message : String(err), node: process.version });
    gpu = false;
  }
  if (gpu) await parity(checkpoint, checkpointPath);
  for (const c of configs(ZGptConfig.parse(checkpoint.config.model))) {
    emit({ bench: "gpu_config", name: c.name, config: c.config, batch: c.batch });
    if (gpu) await throughput(c.name, c.config, c.batch);
  }
  await releaseWebGpu();
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  await releaseWebGpu();
  process.exit(1);
});
