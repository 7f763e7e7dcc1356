// Prints continuations of corpus sentence openings from a base checkpoint (for the model card / README).
// Usage: npx tsx lib/ml/pretrain/samples.ts [--dir lib/ml/assets/base] [--count 6] [--seed 3] [--temperature 0.8]
import path from "node:path";
import { parseArgs } from "node:util";
import { selectBackend } from "../backend";
import { FsCheckpointStore } from "../checkpoint";
import { corpusPrompts, loadCorpus } from "../data/corpus";
import { policyFromCheckpoint } from "../model/from-checkpoint";
import { generate } from "../sampling/generate";

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", default: "lib/ml/assets/base" },
    count: { type: "string", default: "6" },
    seed: { type: "string", default: "3" },
    temperature: { type: "string", default: "0.8" },
    "top-k": { type: "string", default: "40" },
    "max-tokens": { type: "string", default: "40" },
  },
});

async function main(): Promise<void> {
  await selectBackend();
  const checkpoint = await new FsCheckpointStore({ dir: path.resolve(args.dir) }).load("base");
  if (!checkpoint) throw new Error(`no base.ckpt in ${args.dir}`);
  const { model, tokenizer } = policyFromCheckpoint(checkpoint);
  const prompts = corpusPrompts({ text: await loadCorpus({ sources: ["moby-dick"] }), count: Number(args.count), seed: Number(args.seed) });
  const completions = await generate({
    model,
    prompts: prompts.map((p) => tokenizer.encode(p)),
    eosId: tokenizer.eosId,
    seed: Number(args.seed),
    config: { temperature: Number(args.temperature), topK: Number(args["top-k"]), maxNewTokens: Number(args["max-tokens"]) },
  });
  completions.forEach((c, i) => {
    console.log(`- **${prompts[i]}**${tokenizer.decode(c.tokens.filter((t) => t !== tokenizer.eosId)).replace(/\s+/g, " ")}`);
  });
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
