// Writes lib/ml/assets/base/README.md (the base model's card) from what the run left behind: base.ckpt (config,
// step, extra), loss.csv, a few sampled continuations and the corpus licence. Run after lib/ml/pretrain/run.ts.
// Usage: npx tsx lib/ml/pretrain/model-card.ts [--dir lib/ml/assets/base] [--command "<the run command>"] [--notes "…"]
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { selectBackend } from "../backend";
import { FsCheckpointStore } from "../checkpoint";
import { corpusLicenseMarkdown, corpusPrompts, loadCorpus } from "../data/corpus";
import { policyFromCheckpoint } from "../model/from-checkpoint";
import { generate } from "../sampling/generate";

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", default: "lib/ml/assets/base" },
    command: { type: "string", default: "npx tsx lib/ml/pretrain/run.ts" },
    notes: { type: "string", default: "" },
    samples: { type: "string", default: "6" },
  },
});

interface Row {
  step: number;
  loss: number;
  valLoss: number | null;
  tokensPerSec: number;
  elapsed: number;
}

function parseCsv(text: string): Row[] {
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .map((c) => ({
      step: Number(c[0]),
      loss: Number(c[1]),
      valLoss: c[2] ? Number(c[2]) : null,
      tokensPerSec: Number(c[5]),
      elapsed: Number(c[6]),
    }));
}

async function main(): Promise<void> {
  await selectBackend();
  const dir = path.resolve(args.dir);
  const checkpoint = await new FsCheckpointStore({ dir }).load("base");
  if (!checkpoint) throw new Error(`no base.ckpt in ${dir}`);
  const rows = parseCsv(await readFile(path.join(dir, "loss.csv"), "utf8"));
  const last = rows[rows.length - 1];
  if (!last) throw new Error("loss.csv is empty");
  const { model, tokenizer } = policyFromCheckpoint(checkpoint);
  const trainer = checkpoint.config.trainer as { batchSize: number; seqLen: number; lr: number; minLr: number; warmupSteps: number; weightDecay: number };
  const tokensSeen = last.step * trainer.batchSize * trainer.seqLen;
  const smooth = (i: number) => {
    const window = rows.slice(Math.max(0, i - 9), i + 1);
    return window.reduce((s, r) => s + r.loss, 0) / window.length;
  };
  const curve = rows
    .map((r, i) => ({ ...r, smooth: smooth(i) }))
    .filter((r) => r.valLoss !== null || r.step === 1)
    .map((r) => `| ${r.step} | ${(r.elapsed / 60).toFixed(1)} | ${r.smooth.toFixed(3)} | ${r.valLoss?.toFixed(3) ?? ""} |`);
  const prompts = corpusPrompts({ text: await loadCorpus({ sources: ["moby-dick"] }), count: Number(args.samples), seed: 3 });
  const completions = await generate({
    model,
    prompts: prompts.map((p) => tokenizer.encode(p)),
    eosId: tokenizer.eosId,
    seed: 3,
    config: { temperature: 0.8, topK: 40, maxNewTokens: 40 },
  });
  const samples = completions.map(
    (c, i) => `- **${prompts[i]}**${tokenizer.decode(c.tokens.filter((t) => t !== tokenizer.eosId)).replace(/\s+/g, " ")}`,
  );
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const card = `# Base model (shipped)

The policy every Podium install starts from: a ${(model.numParams() / 1e6).toFixed(2)} M-parameter GPT (architecture in
\`lib/ml/model/README.md\`) and its byte-level BPE tokenizer, pretrained by the project on public-domain text that
ships in npm packages. Nothing is downloaded.

| file | what |
|---|---|
| \`base.ckpt\` | Podium checkpoint (\`lib/ml/checkpoint\`): weights, model + trainer config, tokenizer, step; no optimizer state |
| \`tokenizer.json\` | the same tokenizer on its own (${tokenizer.vocabSize} tokens incl. EOS and PAD) |
| \`loss.csv\` | every step: training loss, held-out loss (every 50 steps), learning rate, gradient norm, tokens/s, wall time |

## How it was built

\`\`\`
${args.command}
\`\`\`

- Model: \`${JSON.stringify(checkpoint.config.model)}\`
- Trainer: AdamW (β = 0.9/0.95, weight decay ${trainer.weightDecay} on matrices), lr ${trainer.lr} → ${trainer.minLr} cosine after
  ${trainer.warmupSteps} warm-up steps, batch ${trainer.batchSize} × ${trainer.seqLen} tokens, grad clip 1.0, seed 1; random windows of the
  token stream (documents joined with EOS); the last 5% of the stream held out.
- Result: **${last.step} steps, ${(tokensSeen / 1e6).toFixed(2)} M tokens seen, ${(last.elapsed / 60).toFixed(1)} min wall**, training loss
  ${smooth(rows.length - 1).toFixed(3)} (mean of the last 10 steps), held-out loss ${checkpoint.bestMetric?.toFixed(3) ?? "n/a"} nats/token
  (uniform over the vocabulary would be ${Math.log(tokenizer.vocabSize).toFixed(2)}).
- Backend: ${String(checkpoint.extra.backend)}, mean ${mean(rows.slice(5).map((r) => r.tokensPerSec)).toFixed(0)} training tokens/s.
${args.notes ? `\n${args.notes}\n` : ""}
## Loss curve

| step | minutes | train loss (10-step mean) | held-out loss |
|---|---|---|---|
${curve.join("\n")}

## Samples (temperature 0.8, top-k 40, 40 new tokens, seed 3; prompts are Moby Dick sentence openings)

${samples.join("\n")}

${await corpusLicenseMarkdown()}
`;
  await writeFile(path.join(dir, "README.md"), card);
  console.log(card);
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
