// Packing (prompt, response) pairs into one right-padded next-token batch, and per-token log-probs of the response
// under a causal LM at a given temperature (logits / T), as in TRL and "The N Implementation Details of RLHF with PPO".
// Right padding is exact for a causal model: pad tokens sit after every real position and are masked out.
import * as tf from "@tensorflow/tfjs";
import { crossEntropy } from "../ops/cross-entropy";
import type { PolicyForwardResult, ReferenceModel } from "./types";

/**
 * Row b holds prompt_b ++ response_b ++ pad…; position s predicts token s+1. With S = max(len) − 1:
 * inputs[b, s] = seq[s], targets[b, s] = seq[s+1], mask[b, s] = 1 exactly where targets[b, s] is a response token.
 */
export interface SequenceBatch {
  batch: number;
  /** S: positions per row (longest prompt+response minus one). */
  seqLen: number;
  /** [B·S] int32. */
  inputs: Int32Array;
  /** [B·S] int32. */
  targets: Int32Array;
  /** [B·S] 1 on response-token positions, 0 elsewhere. */
  mask: Float32Array;
  /** First response position per row (= prompt length − 1). */
  responseStart: number[];
  /** Response tokens per row. */
  responseLength: number[];
}

export interface BuildSequenceBatchOptions {
  prompts: readonly (readonly number[])[];
  responses: readonly (readonly number[])[];
  padId: number;
}

export function buildSequenceBatch(options: BuildSequenceBatchOptions): SequenceBatch {
  const { prompts, responses, padId } = options;
  const b = prompts.length;
  if (responses.length !== b) throw new Error(`buildSequenceBatch: ${b} prompts, ${responses.length} responses`);
  let longest = 2;
  for (let i = 0; i < b; i++) {
    const p = (prompts[i] as readonly number[]).length;
    if (p < 1) throw new Error("buildSequenceBatch: empty prompt (start prompts with a BOS/EOS token)");
    longest = Math.max(longest, p + (responses[i] as readonly number[]).length);
  }
  const s = longest - 1;
  const inputs = new Int32Array(b * s).fill(padId);
  const targets = new Int32Array(b * s).fill(padId);
  const mask = new Float32Array(b * s);
  const responseStart: number[] = [];
  const responseLength: number[] = [];
  for (let i = 0; i < b; i++) {
    const seq = [...(prompts[i] as readonly number[]), ...(responses[i] as readonly number[])];
    const p = (prompts[i] as readonly number[]).length;
    for (let t = 0; t < seq.length - 1; t++) {
      inputs[i * s + t] = seq[t] as number;
      targets[i * s + t] = seq[t + 1] as number;
      if (t >= p - 1) mask[i * s + t] = 1;
    }
    if (seq.length - 1 < s) inputs[i * s + seq.length - 1] = seq[seq.length - 1] as number;
    responseStart.push(p - 1);
    responseLength.push(seq.length - p);
  }
  return { batch: b, seqLen: s, inputs, targets, mask, responseStart, responseLength };
}

/** Rows `rows` of a batch (a minibatch), trimmed to the longest kept row. */
export function selectRows(options: { batch: SequenceBatch; rows: readonly number[] }): SequenceBatch {
  const { batch, rows } = options;
  const s0 = batch.seqLen;
  let s = 1;
  for (const r of rows) s = Math.max(s, (batch.responseStart[r] as number) + (batch.responseLength[r] as number));
  const inputs = new Int32Array(rows.length * s);
  const targets = new Int32Array(rows.length * s);
  const mask = new Float32Array(rows.length * s);
  rows.forEach((r, i) => {
    inputs.set(batch.inputs.subarray(r * s0, r * s0 + s), i * s);
    targets.set(batch.targets.subarray(r * s0, r * s0 + s), i * s);
    mask.set(batch.mask.subarray(r * s0, r * s0 + s), i * s);
  });
  return {
    batch: rows.length,
    seqLen: s,
    inputs,
    targets,
    mask,
    responseStart: rows.map((r) => batch.responseStart[r] as number),
    responseLength: rows.map((r) => batch.responseLength[r] as number),
  };
}

export interface TokenLogProbsOptions {
  model: ReferenceModel;
  batch: SequenceBatch;
  /** Divide logits by this before the softmax (the sampling temperature; 1 for DPO). */
  temperature: number;
  /** Also return the entropy of the tempered distribution at every position. */
  withEntropy?: boolean;
}

export interface TokenLogProbsResult {
  /** log π(targets[b, s] | inputs[b, ≤ s]) at the temperature, [B, S]; differentiable. */
  logProbs: tf.Tensor;
  /** The model's hidden states [B, S, D] (for a value head on the policy trunk). */
  hidden: tf.Tensor;
  /** Entropy of softmax(logits / T) in nats, [B, S] (only with `withEntropy`). */
  entropy?: tf.Tensor;
}

/** One forward pass over the batch; every returned tensor is new (call inside tf.tidy). */
export function tokenLogProbs(options: TokenLogProbsOptions): TokenLogProbsResult {
  const { model, batch, temperature, withEntropy = false } = options;
  const { batch: b, seqLen: s } = batch;
  const v = model.config.vocabSize;
  const ids = tf.tensor2d(batch.inputs, [b, s], "int32"); // [B, S]
  const out: PolicyForwardResult = model.forward({ ids, logits: "all" });
  if (!out.logits) throw new Error("tokenLogProbs: the model returned no logits");
  const flat = tf.reshape(out.logits, [b * s, v]); // [B·S, V]
  const scaled = temperature === 1 ? flat : tf.div(flat, temperature); // [B·S, V]
  const logProbs = tf.reshape(tf.neg(crossEntropy({ logits: scaled, targets: batch.targets })), [b, s]); // [B, S]
  const entropy = withEntropy ? tf.reshape(entropyOfLogits(scaled), [b, s]) : undefined; // [B, S]
  return { logProbs, hidden: out.hidden, entropy };
}

/**
 * Entropy −Σ p·log p of softmax(x) per row, [N], for logits x [N, V]. Uses log Z = max x − log max p, so the only
 * transcendental work is the Softmax kernel and N logs (wasm's elementwise Exp/Log over [N, V] is slow).
 */
export function entropyOfLogits(logits: tf.Tensor): tf.Tensor {
  const probs = tf.softmax(logits); // [N, V]
  const logZ = tf.sub(tf.max(logits, 1), tf.log(tf.max(probs, 1))); // [N]
  return tf.sub(logZ, tf.sum(tf.mul(probs, logits), 1)); // [N]
}

/** Mean of `x` over positions where `mask` is 1, as a scalar tensor. */
export function maskedMean(x: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(tf.mul(x, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}
