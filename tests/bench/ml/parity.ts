// Cross-check for the benchmark: the PyTorch reference (torch_reference.py) must be the same network as the tfjs
// Gpt, or comparing their speeds means nothing. Saves a random Gpt as a Podium checkpoint, has torch load it and
// recompute the logits (full pass and KV-cache pass), and prints the largest difference. Needs python3-torch.
// Run: npx tsx tests/bench/ml/parity.ts
import * as tf from "@tensorflow/tfjs";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { selectBackend } from "../../../lib/ml/backend";
import { serializeCheckpoint } from "../../../lib/ml/checkpoint";
import { makeGptConfig, type GptConfig } from "../../../lib/ml/model/config";
import { Gpt } from "../../../lib/ml/model/gpt";
import { Tokenizer } from "../../../lib/ml/tokenizer";

const PYTHON = process.env.PODIUM_TORCH_PYTHON ?? "/usr/bin/python3";
const SCRIPT = path.join(__dirname, "torch_reference.py");

export interface ParityOptions {
  config: GptConfig;
  batch?: number;
  length?: number;
  seed?: number;
}

export async function checkParity(options: ParityOptions): Promise<Record<string, unknown>> {
  const { config, batch = 2, length = Math.min(12, options.config.blockSize), seed = 7 } = options;
  const model = Gpt.create({ config, seed });
  const ids: number[][] = [];
  for (let b = 0; b < batch; b++) {
    ids.push(Array.from({ length }, (_, t) => (b * 31 + t * 17 + seed) % config.vocabSize));
  }
  const logits = tf.tidy(() => {
    const out = model.forward({ ids: tf.tensor2d(ids, [batch, length], "int32"), logits: "all" }); // [B, T, V]
    return Array.from(out.logits!.dataSync());
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "podium-parity-"));
  try {
    const ckpt = path.join(dir, "model.ckpt");
    const expected = path.join(dir, "expected.json");
    await writeFile(
      ckpt,
      serializeCheckpoint({
        kind: "policy",
        config: { model: config },
        tokenizer: new Tokenizer({ merges: [] }).toJSON(),
        weights: await model.exportWeights(),
        optimizer: null,
        step: 0,
        bestMetric: null,
        extra: {},
      }),
    );
    await writeFile(expected, JSON.stringify({ ids, logits }));
    const out = execFileSync(PYTHON, [SCRIPT, "--parity", ckpt, expected], { encoding: "utf8" });
    return { ...(JSON.parse(out.trim()) as Record<string, unknown>), tieWeights: config.tieWeights };
  } finally {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await selectBackend({ force: "wasm" });
  for (const tieWeights of [true, false]) {
    const config = makeGptConfig({ vocabSize: 64, blockSize: 16, nLayer: 2, nHead: 4, nEmbd: 32, tieWeights, initStd: 0.2 });
    console.log(JSON.stringify(await checkParity({ config })));
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
