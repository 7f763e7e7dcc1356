// Training step time with 1 and with 2 threads (lib/ml/parallel), alternating in one process so both see the same
// load: the speed-up of data parallelism itself, without a reference to compare against.
// Usage: npx tsx tests/bench/ml/threads-speedup.ts [--rounds 3] [--steps 8] [--base]
import { parseArgs } from "node:util";
import { selectBackend } from "../../../lib/ml/backend";
import { DEFAULT_GPT_CONFIG, makeGptConfig } from "../../../lib/ml/model/config";
import { Gpt } from "../../../lib/ml/model/gpt";
import { type TrainPart, TrainThreads, groupParts, parallelStep } from "../../../lib/ml/parallel";
import { Rng } from "../../../lib/ml/sampling/rng";
import { AdamW } from "../../../lib/ml/train/adamw";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    steps: { type: "string", default: "8" },
    base: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  await selectBackend();
  const config = args.base ? DEFAULT_GPT_CONFIG : makeGptConfig({ vocabSize: 256, blockSize: 64, nLayer: 2, nHead: 4, nEmbd: 128 });
  const batch = 16;
  const t = config.blockSize;
  const rng = new Rng(0);
  const ids = Int32Array.from({ length: batch * t }, () => rng.int(config.vocabSize));
  const targets = Int32Array.from({ length: batch * t }, () => rng.int(config.vocabSize));
  const model = Gpt.create({ config, seed: 1 });
  const optimizer = new AdamW({ params: model.variables() });
  const pool = await TrainThreads.start({ threads: 2, spec: { kind: "gpt", config } });
  const partsFor = (n: number): TrainPart[] =>
    groupParts(Array.from({ length: batch }, (_, i) => i), n).map((rows) => {
      const from = (rows[0] as number) * t;
      const to = from + rows.length * t;
      return { kind: "lm", weight: rows.length / batch, inputs: ids.slice(from, to), targets: targets.slice(from, to), rows: rows.length, cols: t };
    });
  const time = async (threads: TrainThreads | null): Promise<number> => {
    const parts = partsFor(threads?.size ?? 1);
    await parallelStep({ optimizer, models: { lm: model }, parts, threads, lr: 1e-4 }); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < Number(args.steps); i++) await parallelStep({ optimizer, models: { lm: model }, parts, threads, lr: 1e-4 });
    return (performance.now() - t0) / Number(args.steps);
  };
  for (let r = 0; r < Number(args.rounds); r++) {
    const one = await time(null);
    const two = await time(pool);
    console.log(JSON.stringify({ bench: "threads_speedup", config: args.base ? "base" : "reference", round: r + 1, oneThreadMs: Math.round(one), twoThreadsMs: Math.round(two), speedup: Number((one / two).toFixed(2)) }));
  }
  await pool?.close();
  optimizer.dispose();
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
