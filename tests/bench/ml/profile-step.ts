// Kernel-level profile of one GPT training step (forward + backward + AdamW) on the selected backend: total time per
// kernel name, largest first. The tool behind the op choices in lib/ml/model/README.md.
// With --decode: one no-gradient decoding step of 5 rows with a KV cache instead (kernel counts and times).
// Usage: npx tsx tests/bench/ml/profile-step.ts [--decode] [--vocab 2048] [--embd 128] [--block 128] [--batch 16] [--layers 4] [--heads 4]
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../../lib/ml/backend";
import { makeGptConfig } from "../../../lib/ml/model/config";
import { Gpt, type KvCache, disposeKvCache } from "../../../lib/ml/model/gpt";
import { withoutGradients } from "../../../lib/ml/ops/inference-mode";
import { lmLoss } from "../../../lib/ml/pretrain/lm-loss";
import { Rng } from "../../../lib/ml/sampling/rng";
import { AdamW } from "../../../lib/ml/train/adamw";

const { values: a } = parseArgs({
  options: {
    vocab: { type: "string", default: "2048" },
    embd: { type: "string", default: "128" },
    block: { type: "string", default: "128" },
    batch: { type: "string", default: "16" },
    layers: { type: "string", default: "4" },
    heads: { type: "string", default: "4" },
    steps: { type: "string", default: "3" },
    /** Profile one decoding step instead (5 rows, KV cache of 32 positions): kernel counts and times. */
    decode: { type: "boolean", default: false },
  },
});

async function profileDecode(model: Gpt, backend: string): Promise<void> {
  const rows = 5;
  const prompt = tf.tensor2d(Int32Array.from({ length: rows * 32 }, (_, i) => (i * 7) % model.config.vocabSize), [rows, 32], "int32");
  const next = tf.tensor2d(Int32Array.from({ length: rows }, (_, i) => i), [rows, 1], "int32");
  const cache = withoutGradients(() => tf.tidy(() => model.forward({ ids: prompt, returnCache: true, logits: "last" }).cache as KvCache));
  const step = () =>
    withoutGradients(() =>
      tf.tidy(() => {
        const out = model.forward({ ids: next, past: cache, returnCache: true, logits: "last" });
        return (out.logits as tf.Tensor).dataSync()[0];
      }),
    );
  for (let i = 0; i < 5; i++) step();
  const n = 50;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const stepMs = (performance.now() - t0) / n;
  const profile = await tf.profile(() => {
    step();
  });
  const perKernel = new Map<string, { ms: number; count: number }>();
  for (const k of profile.kernels) {
    const e = perKernel.get(k.name) ?? { ms: 0, count: 0 };
    perKernel.set(k.name, { ms: e.ms + (k.kernelTimeMs as number), count: e.count + 1 });
  }
  const top = [...perKernel].sort((x, y) => y[1].ms - x[1].ms).map(([name, e]) => ({ name, count: e.count, ms: Number(e.ms.toFixed(3)) }));
  console.log(JSON.stringify({ backend, rows, stepMs: Number(stepMs.toFixed(3)), kernels: profile.kernels.length, perKernel: top }));
  disposeKvCache(cache);
  tf.dispose([prompt, next]);
}

async function main(): Promise<void> {
  const backend = await selectBackend();
  const config = makeGptConfig({ vocabSize: Number(a.vocab), nEmbd: Number(a.embd), blockSize: Number(a.block), nLayer: Number(a.layers), nHead: Number(a.heads) });
  if (a.decode) {
    const model = Gpt.create({ config, seed: 1 });
    await profileDecode(model, backend.name);
    model.dispose();
    return;
  }
  const b = Number(a.batch);
  const model = Gpt.create({ config, seed: 0 });
  const optimizer = new AdamW({ params: model.variables() });
  const rng = new Rng(0);
  const ids = Int32Array.from({ length: b * config.blockSize }, () => rng.int(config.vocabSize));
  const inputs = tf.tensor2d(ids, [b, config.blockSize], "int32");
  const step = async () => await optimizer.minimize({ lossFn: () => lmLoss({ model, batch: { inputs, targets: ids } }) });
  step();
  const t0 = performance.now();
  for (let i = 0; i < Number(a.steps); i++) step();
  const stepMs = (performance.now() - t0) / Number(a.steps);
  const profile = await tf.profile(() => {
    step();
  });
  const perKernel = new Map<string, number>();
  for (const k of profile.kernels) perKernel.set(k.name, (perKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  const top = [...perKernel].sort((x, y) => y[1] - x[1]).slice(0, 20).map(([name, ms]) => ({ name, ms: Number(ms.toFixed(1)) }));
  console.log(JSON.stringify({ backend: backend.name, config, batch: b, stepMs: Number(stepMs.toFixed(1)), tokensPerSec: Math.round((b * config.blockSize * 1000) / stepMs), kernels: top }));
  inputs.dispose();
  optimizer.dispose();
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
