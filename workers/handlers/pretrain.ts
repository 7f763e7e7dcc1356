// pretrain job: (re)builds a base policy from the public-domain corpus that ships in npm packages, with the same
// pieces as lib/ml/pretrain/run.ts (the script that made the shipped checkpoint): BPE tokenizer (the shipped one or a
// new one), GPT of the configured shape, next-token cross-entropy with AdamW and a cosine schedule. The result is a
// POLICY version without a parent.
import fs from "node:fs";
import path from "node:path";
import { parseJobConfig } from "@/lib/jobs";
import { DOCUMENT_SEPARATOR, loadCorpusDocuments } from "@/lib/ml/data/corpus";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { DEFAULT_PRETRAIN_CONFIG, pretrain, type PretrainConfig, type PretrainMetrics } from "@/lib/ml/pretrain/train-lm";
import { Tokenizer, trainBpe } from "@/lib/ml/tokenizer";
import { fromCheckpoint, toCheckpoint } from "@/lib/ml/train/checkpoint-bridge";
import { yieldIfDue } from "@/lib/ml/train/state";
import type { JobHandler } from "../job-context";
import { SHIPPED_BASE_DIR } from "../ml/ensure-base-policy";
import { runTrainer } from "./run-trainer";

export const pretrainHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("pretrain", ctx.job.config);
  const docs = await loadCorpusDocuments(config.maxCorpusChars > 0 ? { stopAfterChars: config.maxCorpusChars } : {});
  const saved = await ctx.store.load(ctx.resumeKey);
  let tokenizer: Tokenizer;
  const shippedTokenizer = path.join(SHIPPED_BASE_DIR, "tokenizer.json");
  if (saved) tokenizer = Tokenizer.fromJSON(saved.tokenizer);
  else if (config.tokenizer === "shipped" && fs.existsSync(shippedTokenizer)) {
    tokenizer = Tokenizer.fromJSON(JSON.parse(fs.readFileSync(shippedTokenizer, "utf8")));
  } else {
    if (config.tokenizer === "shipped") ctx.log("no shipped tokenizer found; training one", "warn");
    tokenizer = trainBpe({ text: docs.map((d) => d.text).join(DOCUMENT_SEPARATOR), vocabSize: config.vocabSize });
  }
  const stream: number[] = [];
  for (const doc of docs) {
    await yieldIfDue(ctx.signal);
    for (const id of tokenizer.encode(doc.text)) stream.push(id);
    stream.push(tokenizer.eosId);
  }
  const tokens = Int32Array.from(stream);
  const modelConfig = makeGptConfig({
    vocabSize: tokenizer.vocabSize,
    blockSize: config.blockSize,
    nLayer: config.nLayer,
    nHead: config.nHead,
    nEmbd: config.nEmbd,
  });
  const model = Gpt.create({ config: modelConfig, seed: config.seed });
  ctx.log(`corpus: ${docs.length} documents, ${tokens.length} tokens; model: ${model.numParams()} parameters`);
  const trainConfig: Partial<PretrainConfig> = {
    steps: config.steps,
    batchSize: config.batchSize,
    seqLen: config.seqLen,
    lr: config.lr,
    minLr: config.lr / 10,
    warmupSteps: Math.min(DEFAULT_PRETRAIN_CONFIG.warmupSteps, Math.floor(config.steps / 10)),
    evalEvery: config.evalEvery,
    seed: config.seed,
  };
  try {
    return await runTrainer(ctx, "pretrain", {
      steps: config.steps,
      checkpointEvery: config.checkpointEvery,
      resumeFrom: (checkpoint) =>
        fromCheckpoint<PretrainConfig>({ checkpoint, parseConfig: (raw) => ({ ...DEFAULT_PRETRAIN_CONFIG, ...(raw as Partial<PretrainConfig>) }) }),
      toCheckpoint: (state) => toCheckpoint({ kind: "policy", state, modelConfig, tokenizer: tokenizer.toJSON() }),
      metricsOf: (m: PretrainMetrics) => ({ loss: m.loss, heldOutLoss: m.valLoss, lr: m.lr, gradNorm: m.gradNorm, tokensPerSec: m.tokensPerSec }),
      train: (loop) => pretrain({ model, tokens, config: trainConfig, ...loop }),
      finish: (result) => ({
        artifact: toCheckpoint({ kind: "policy", state: result.state, modelConfig, tokenizer: tokenizer.toJSON(), withoutOptimizer: true }),
        metrics: { steps: result.steps, finalLoss: result.finalLoss, bestValLoss: result.bestValLoss, corpusTokens: tokens.length },
        version: { kind: "POLICY", name: config.name, parentId: null, config: { job: config, model: modelConfig, trainer: trainConfig }, activate: config.activate },
      }),
    });
  } finally {
    model.dispose();
  }
};
