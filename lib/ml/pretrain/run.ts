// Builds the shipped base model: trains the byte-level BPE tokenizer and the GPT policy on the public-domain corpus
// that ships in npm packages, then writes lib/ml/assets/base/{base.ckpt, tokenizer.json, loss.csv}.
// Usage: npx tsx lib/ml/pretrain/run.ts [--steps 800] [--vocab 2048] [--embd 128] [--layers 4] [--heads 4] [--block 128]
//        [--batch 16] [--lr 1e-3] [--minutes 35] [--out lib/ml/assets/base] [--resume]
// --minutes is a wall-clock budget: the cosine schedule follows whichever of steps or time runs out first.
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { selectBackend } from "../backend";
import { FsCheckpointStore } from "../checkpoint";
import { DOCUMENT_SEPARATOR, loadCorpusDocuments } from "../data/corpus";
import { makeGptConfig } from "../model/config";
import { Gpt } from "../model/gpt";
import { Tokenizer, trainBpe } from "../tokenizer";
import { fromCheckpoint, toCheckpoint } from "../train/checkpoint-bridge";
import { DEFAULT_PRETRAIN_CONFIG, type PretrainConfig, pretrain } from "./train-lm";

const { values: args } = parseArgs({
  options: {
    steps: { type: "string", default: "800" },
    vocab: { type: "string", default: "2048" },
    embd: { type: "string", default: "128" },
    layers: { type: "string", default: "4" },
    heads: { type: "string", default: "4" },
    block: { type: "string", default: "128" },
    batch: { type: "string", default: "16" },
    lr: { type: "string", default: "1e-3" },
    minutes: { type: "string", default: "35" },
    out: { type: "string", default: "lib/ml/assets/base" },
    "resume-dir": { type: "string", default: path.join(os.tmpdir(), "podium-pretrain") },
    resume: { type: "boolean", default: false },
  },
});

function log(line: string): void {
  console.log(`[${new Date().toISOString()}] ${line}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const backend = await selectBackend({ log });
  log(`backend ${backend.name}`);
  const outDir = path.resolve(args.out);
  await mkdir(outDir, { recursive: true });
  const resumeStore = new FsCheckpointStore({ dir: args["resume-dir"] });
  const resumed = args.resume ? await resumeStore.load("base-resume") : null;

  const docs = await loadCorpusDocuments();
  let tokenizer: Tokenizer;
  if (resumed) {
    tokenizer = Tokenizer.fromJSON(resumed.tokenizer);
  } else {
    const t0 = Date.now();
    tokenizer = trainBpe({ text: docs.map((d) => d.text).join(DOCUMENT_SEPARATOR), vocabSize: Number(args.vocab) });
    log(`tokenizer: ${tokenizer.vocabSize} tokens in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await writeFile(path.join(outDir, "tokenizer.json"), JSON.stringify(tokenizer.toJSON()));
  const stream: number[] = [];
  for (const doc of docs) {
    for (const id of tokenizer.encode(doc.text)) stream.push(id);
    stream.push(tokenizer.eosId);
  }
  const tokens = Int32Array.from(stream);
  log(`corpus: ${docs.length} documents, ${tokens.length} tokens`);

  const modelConfig = makeGptConfig({
    vocabSize: tokenizer.vocabSize,
    blockSize: Number(args.block),
    nLayer: Number(args.layers),
    nHead: Number(args.heads),
    nEmbd: Number(args.embd),
  });
  const model = Gpt.create({ config: modelConfig, seed: 1 });
  log(`model: ${model.numParams()} parameters, ${JSON.stringify(modelConfig)}`);
  const config: Partial<PretrainConfig> = {
    steps: Number(args.steps),
    batchSize: Number(args.batch),
    seqLen: modelConfig.blockSize,
    lr: Number(args.lr),
    evalEvery: 50,
    timeBudgetMinutes: Number(args.minutes),
  };
  const csvPath = path.join(outDir, "loss.csv");
  if (!resumed) await writeFile(csvPath, "step,loss,val_loss,lr,grad_norm,tokens_per_sec,elapsed_s\n");
  const resume = resumed
    ? fromCheckpoint<PretrainConfig>({
        checkpoint: resumed,
        parseConfig: (raw) => ({ ...DEFAULT_PRETRAIN_CONFIG, ...(raw as Partial<PretrainConfig>) }),
      })
    : undefined;
  const result = await pretrain({
    model,
    tokens,
    config,
    resume,
    checkpointEvery: 100,
    onMetrics: (m) => {
      const elapsed = (Date.now() - started) / 1000;
      void appendFile(
        csvPath,
        `${m.step},${m.loss.toFixed(4)},${m.valLoss?.toFixed(4) ?? ""},${m.lr.toExponential(3)},${m.gradNorm.toFixed(3)},${m.tokensPerSec.toFixed(0)},${elapsed.toFixed(1)}\n`,
      );
      if (m.step % 10 === 0 || m.valLoss !== undefined) {
        log(`step ${m.step} loss ${m.loss.toFixed(3)}${m.valLoss !== undefined ? ` val ${m.valLoss.toFixed(3)}` : ""} ${m.tokensPerSec.toFixed(0)} tok/s`);
      }
    },
    onCheckpoint: async (state) => {
      await resumeStore.save("base-resume", toCheckpoint({ kind: "policy", state, modelConfig, tokenizer: tokenizer.toJSON() }));
    },
  });
  const elapsedMin = (Date.now() - started) / 60_000;
  const store = new FsCheckpointStore({ dir: outDir });
  await store.save(
    "base",
    toCheckpoint({
      kind: "policy",
      state: result.state,
      modelConfig,
      tokenizer: tokenizer.toJSON(),
      withoutOptimizer: true,
      extra: { corpusTokens: tokens.length, wallMinutes: Number(elapsedMin.toFixed(1)), backend: backend.name, stoppedEarly: result.stopped },
    }),
  );
  log(`done: ${result.steps} steps, final loss ${result.finalLoss.toFixed(3)}, best val ${result.bestValLoss?.toFixed(3)}, ${elapsedMin.toFixed(1)} min`);
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
