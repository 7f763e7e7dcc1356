// Seeded generation and the logits of a few decoding steps on the base architecture, as JSON: run before and after a
// change to the decoding path and compare (same tokens; logits within 1e-4).
// Usage: npx tsx tests/bench/ml/decode-check.ts > out.json; npx tsx tests/bench/ml/decode-check.ts --against out.json
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../../lib/ml/backend";
import { DEFAULT_GPT_CONFIG } from "../../../lib/ml/model/config";
import { Gpt, type KvCache, disposeKvCache } from "../../../lib/ml/model/gpt";
import { withoutGradients } from "../../../lib/ml/ops/inference-mode";
import { generate } from "../../../lib/ml/sampling/generate";

const { values: args } = parseArgs({ options: { against: { type: "string" } } });

interface Result {
  tokens: number[][];
  logits: number[][];
}

async function main(): Promise<void> {
  await selectBackend();
  const model = Gpt.create({ config: DEFAULT_GPT_CONFIG, seed: 3 });
  const prompts = [[5, 17, 300, 42, 9, 1000, 77, 12], [400, 3]];
  const completions = await generate({ model, prompts, numSamples: 3, eosId: -1, seed: 11, config: { temperature: 1, maxNewTokens: 40 } });
  const ids = tf.tensor2d([[5, 17, 300, 42], [8, 9, 10, 11]], [2, 4], "int32");
  const logits: number[][] = [];
  withoutGradients(() => {
    let cache = tf.tidy(() => model.forward({ ids, returnCache: true, logits: "last" }).cache as KvCache);
    for (let step = 0; step < 6; step++) {
      const next = tf.tensor2d([[step + 20], [step + 400]], [2, 1], "int32");
      const out = tf.tidy(() => {
        const r = model.forward({ ids: next, past: cache, returnCache: true, logits: "last" });
        return { logits: r.logits as tf.Tensor, cache: r.cache as KvCache };
      });
      logits.push(Array.from(out.logits.dataSync()));
      out.logits.dispose();
      next.dispose();
      disposeKvCache(cache);
      cache = out.cache;
    }
    disposeKvCache(cache);
  });
  ids.dispose();
  const result: Result = { tokens: completions.map((c) => c.tokens), logits };
  if (!args.against) {
    console.log(JSON.stringify(result));
    return;
  }
  const before = JSON.parse(readFileSync(args.against, "utf8")) as Result;
  let worst = 0;
  before.logits.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - (result.logits[i]?.[j] ?? NaN))))));
  const sameTokens = JSON.stringify(before.tokens) === JSON.stringify(result.tokens);
  console.log(JSON.stringify({ sameTokens, maxLogitDiff: worst }));
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
