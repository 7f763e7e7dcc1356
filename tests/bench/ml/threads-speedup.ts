// Training step time and generation time (5 rows, 47 new tokens) with 1 and with 2 threads (lib/ml/parallel),
// alternating in one process so both see the same load: the speed-up of the threads themselves, without a reference.
// Usage: npx tsx tests/bench/ml/threads-speedup.ts [--rounds 3] [--steps 8] [--base]
import { parseArgs } from "node:util";
import { selectBackend } from "../../../lib/ml/backend";
import { DEFAULT_GPT_CONFIG, makeGptConfig } from "../../../lib/ml/model/config";
import { Gpt } from "../../../lib/ml/model/gpt";
import { type TrainPart, TrainThreads, generateOnThreads, groupParts, parallelStep } from "../../../lib/ml/parallel";
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
  const prompt = Array.from({ length: 16 }, (_, i) => (i * 7) % config.vocabSize);
  const generation = async (threads: TrainThreads | null): Promise<number> => {
    const run = (seed: number) =>
      generateOnThreads({ model, threads, prompts: [prompt], numSamples: 5, eosId: -1, seed, config: { temperature: 1, maxNewTokens: 47 } });
    await run(0); // warm-up
    const t0 = performance.now();
    for (let i = 1; i <= 3; i++) await run(i);
    return (performance.now() - t0) / 3;
  };
  for (let r = 0; r < Number(args.rounds); r++) {
    const one = await time(null);
    const two = await time(pool);
    const genOne = await generation(null);
    const genTwo = await generation(pool);
    console.log(
      JSON.stringify({
        bench: "threads_speedup",
        config: args.base ? "base" : "reference",
        round: r + 1,
        trainOneThreadMs: Math.round(one),
        trainTwoThreadsMs: Math.round(two),
        trainSpeedup: Number((one / two).toFixed(2)),
        genOneThreadMs: Math.round(genOne),
        genTwoThreadsMs: Math.round(genTwo),
        genSpeedup: Number((genOne / genTwo).toFixed(2)),
      }),
    );
  }
  await pool?.close();
  optimizer.dispose();
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
