// Autoregressive sampling from the policy with a KV cache: one prefill pass over the prompt, then one single-token
// step per new token (O(n) model steps). Temperature, top-k (Fan et al. 2018), nucleus/top-p (Holtzman et al. 2020),
// EOS stop per row, batched rows (several completions per prompt), seeded per-row RNG; returns per-token log-probs.
import * as tf from "@tensorflow/tfjs";
import { disposeKvCache, type Gpt, type KvCache } from "../model/gpt";
import { withoutGradients } from "../ops/inference-mode";
import { readAndDispose } from "../ops/read-tensor";
import { yieldIfDue } from "../train/state";
import { Rng } from "./rng";

export interface SamplingConfig {
  /** Softmax temperature; 0 means greedy (argmax). */
  temperature: number;
  /** Keep only the k most likely tokens (0: off). */
  topK: number;
  /** Keep the smallest set of tokens whose probability reaches p (1: off). */
  topP: number;
  /** New tokens per completion, EOS included. */
  maxNewTokens: number;
}

export const DEFAULT_SAMPLING_CONFIG: SamplingConfig = {
  temperature: 1.0,
  topK: 0,
  topP: 1.0,
  maxNewTokens: 64,
};

export interface GenerateOptions {
  model: Gpt;
  /** Prompt token ids; each non-empty. Prompts longer than blockSize − maxNewTokens are cut from the left. */
  prompts: number[][];
  /** Completions per prompt (rows of the same batch). Default 1. */
  numSamples?: number;
  /** Token that ends a completion. */
  eosId: number;
  config?: Partial<SamplingConfig>;
  /** Seed: the same seed gives the same completions, however prompts are batched. */
  seed: number;
  /** Upper bound on rows decoded together. Default 64. */
  maxBatchRows?: number;
  /**
   * Only rows [from, to) of the prompt × sample order, for sharing one call among threads (lib/ml/parallel): each row
   * has its own seeded stream, so the parts together give what one call gives. Default: every row.
   */
  rowRange?: { from: number; to: number };
}

export interface Completion {
  promptIndex: number;
  sampleIndex: number;
  /** New tokens, ending with EOS when `finished`. */
  tokens: number[];
  /**
   * log π(token | context) under softmax(logits / temperature) over the full vocabulary (before top-k/top-p),
   * i.e. what a trainer recomputes from the same logits at the same temperature. Temperature 0 uses 1.
   */
  logProbs: number[];
  /** True when the completion ended with EOS (false: cut at maxNewTokens). */
  finished: boolean;
  /** How generation ended: "eos" (the model ended it) or "length" (cut at maxNewTokens); stored as Completion.finishReason. */
  finishReason: FinishReason;
}

export type FinishReason = "eos" | "length";

/** Mix (seed, prompt, sample) into one 32-bit seed so every row has its own stream. */
function rowSeed(seed: number, promptIndex: number, sampleIndex: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [promptIndex, sampleIndex]) {
    h = Math.imul(h ^ (v + 0x7f4a7c15), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
  }
  return (h ^ (h >>> 16)) >>> 0;
}

/** Picks one token from a row of logits; returns it with its log-probability at the sampling temperature. */
export function sampleToken(options: { logits: Float32Array; config: SamplingConfig; rng: Rng }): { token: number; logProb: number } {
  const { logits, config, rng } = options;
  const v = logits.length;
  const tau = config.temperature > 0 ? config.temperature : 1;
  let max = -Infinity;
  for (let i = 0; i < v; i++) max = Math.max(max, (logits[i] as number) / tau);
  let z = 0;
  for (let i = 0; i < v; i++) z += Math.exp((logits[i] as number) / tau - max);
  const logZ = max + Math.log(z);
  const logProbOf = (i: number) => (logits[i] as number) / tau - logZ;
  if (config.temperature <= 0) {
    let best = 0;
    for (let i = 1; i < v; i++) if ((logits[i] as number) > (logits[best] as number)) best = i;
    return { token: best, logProb: logProbOf(best) };
  }
  const filtering = (config.topK > 0 && config.topK < v) || config.topP < 1;
  if (!filtering) {
    // Every token is a candidate: the same arithmetic as the filtered path below, without its index arrays (this
    // runs for every row of every decoding step).
    const weights = new Float64Array(v);
    let total = 0;
    for (let i = 0; i < v; i++) {
      const w = Math.exp(logProbOf(i));
      weights[i] = w;
      total += w;
    }
    let u = rng.next() * total;
    for (let i = 0; i < v; i++) {
      u -= weights[i] as number;
      if (u < 0) return { token: i, logProb: logProbOf(i) };
    }
    return { token: v - 1, logProb: logProbOf(v - 1) };
  }
  let candidates = Array.from({ length: v }, (_, i) => i).sort((a, b) => (logits[b] as number) - (logits[a] as number));
  if (config.topK > 0 && config.topK < v) candidates = candidates.slice(0, config.topK);
  if (config.topP < 1) {
    let kept = 0;
    let mass = 0;
    const total = candidates.reduce((s, i) => s + Math.exp(logProbOf(i)), 0);
    while (kept < candidates.length && mass < config.topP * total) mass += Math.exp(logProbOf(candidates[kept++] as number));
    candidates = candidates.slice(0, Math.max(1, kept));
  }
  const weights = candidates.map((i) => Math.exp(logProbOf(i)));
  const total = weights.reduce((s, w) => s + w, 0);
  let u = rng.next() * total;
  for (let j = 0; j < candidates.length; j++) {
    u -= weights[j] as number;
    if (u < 0) return { token: candidates[j] as number, logProb: logProbOf(candidates[j] as number) };
  }
  const last = candidates[candidates.length - 1] as number;
  return { token: last, logProb: logProbOf(last) };
}

interface Row {
  promptIndex: number;
  sampleIndex: number;
  prompt: number[];
  rng: Rng;
  completion: Completion;
}

/** Decodes one batch of rows whose prompts all have the same length. */
async function decodeRows(options: { model: Gpt; rows: Row[]; eosId: number; config: SamplingConfig }): Promise<void> {
  const { model, rows, eosId, config } = options;
  const b = rows.length;
  const vocab = model.config.vocabSize;
  const promptLen = rows[0]?.prompt.length ?? 0;
  let cache: KvCache | undefined;
  let input = tf.tensor2d(rows.flatMap((r) => r.prompt), [b, promptLen], "int32"); // [B, P]
  try {
    for (let step = 0; step < config.maxNewTokens; step++) {
      await yieldIfDue();
      const past: KvCache | undefined = cache;
      const out = withoutGradients(() =>
        tf.tidy(() => {
          const r = model.forward({ ids: input, past, returnCache: true, logits: "last" });
          return { logits: r.logits as tf.Tensor, cache: r.cache as KvCache }; // logits [B, 1, V]
        }),
      );
      disposeKvCache(past);
      cache = out.cache;
      const logits = await readAndDispose(out.logits); // [B·V], the step's one read
      const next = new Int32Array(b);
      let active = 0;
      rows.forEach((row, i) => {
        const c = row.completion;
        if (c.finished) {
          next[i] = eosId; // keeps the batch rectangular; ignored
          return;
        }
        const { token, logProb } = sampleToken({ logits: logits.subarray(i * vocab, (i + 1) * vocab), config, rng: row.rng });
        c.tokens.push(token);
        c.logProbs.push(logProb);
        if (token === eosId) {
          c.finished = true;
          c.finishReason = "eos";
        } else active++;
        next[i] = token;
      });
      input.dispose();
      input = tf.tensor2d(next, [b, 1], "int32"); // [B, 1]
      if (active === 0) break;
    }
  } finally {
    input.dispose();
    disposeKvCache(cache);
  }
}

/**
 * Samples `numSamples` completions for every prompt. Rows with prompts of equal length share a batch (and the
 * prefill); each row stops at its own EOS. Results are ordered by prompt, then sample.
 */
export async function generate(options: GenerateOptions): Promise<Completion[]> {
  const { model, prompts, eosId, seed, numSamples = 1, maxBatchRows = 64 } = options;
  const config: SamplingConfig = { ...DEFAULT_SAMPLING_CONFIG, ...options.config };
  const { blockSize } = model.config;
  if (config.maxNewTokens < 1 || config.maxNewTokens >= blockSize) {
    throw new Error(`generate: maxNewTokens must be in [1, ${blockSize - 1}]`);
  }
  const maxPrompt = blockSize - config.maxNewTokens;
  const rows: Row[] = [];
  prompts.forEach((p, promptIndex) => {
    if (p.length === 0) throw new Error(`generate: prompt ${promptIndex} is empty`);
    const prompt = p.length > maxPrompt ? p.slice(p.length - maxPrompt) : p;
    for (let sampleIndex = 0; sampleIndex < numSamples; sampleIndex++) {
      rows.push({
        promptIndex,
        sampleIndex,
        prompt,
        rng: new Rng(rowSeed(seed, promptIndex, sampleIndex)),
        completion: { promptIndex, sampleIndex, tokens: [], logProbs: [], finished: false, finishReason: "length" },
      });
    }
  });
  const mine = options.rowRange ? rows.slice(options.rowRange.from, options.rowRange.to) : rows;
  const byLength = new Map<number, Row[]>();
  for (const row of mine) {
    const group = byLength.get(row.prompt.length) ?? [];
    group.push(row);
    byLength.set(row.prompt.length, group);
  }
  for (const group of byLength.values()) {
    for (let i = 0; i < group.length; i += maxBatchRows) {
      await decodeRows({ model, rows: group.slice(i, i + maxBatchRows), eosId, config });
    }
  }
  return mine.map((r) => r.completion);
}

/** Reference decoder without a cache: re-runs the whole sequence for every new token (for tests and benchmarks). */
export async function generateWithoutCache(options: { model: Gpt; prompt: number[]; maxNewTokens: number; eosId: number }): Promise<number[]> {
  const { model, prompt, maxNewTokens, eosId } = options;
  const seq = [...prompt];
  const out: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const best = tf.tidy(() => {
      const ids = tf.tensor2d(seq, [1, seq.length], "int32"); // [1, T]
      const logits = model.forward({ ids, logits: "last" }).logits as tf.Tensor; // [1, 1, V]
      return tf.argMax(tf.reshape(logits, [-1]));
    });
    const token = (await readAndDispose(best))[0] as number;
    out.push(token);
    seq.push(token);
    if (token === eosId) break;
  }
  return out;
}
