// Batched ancestral sampling of PPO rollouts with the policy's KV cache: plain temperature sampling (no top-k/top-p,
// so the sampled distribution is exactly softmax(logits / T), the one PPO's log-probs use — N-details §"temperature").
// Prompts of equal length are generated together (the policy has no attention mask, so no left padding).
import * as tf from "@tensorflow/tfjs";
import { disposeKvCache } from "../model/gpt";
import { readAndDispose } from "../ops/read-tensor";
import { yieldIfDue } from "../train/state";
import type { Rng } from "../sampling/rng";
import type { KvCache, ReferenceModel } from "./types";

export interface GenerateOptions {
  policy: ReferenceModel;
  prompts: readonly (readonly number[])[];
  maxNewTokens: number;
  temperature: number;
  eosId: number;
  /** Seeded generator; its state advances by one draw per sampled token. */
  rng: Rng;
}

export interface GeneratedResponses {
  /** The prompts as used (left-truncated so prompt + maxNewTokens fits the context). */
  prompts: number[][];
  /** Sampled tokens up to and including the first EOS (or maxNewTokens tokens without one). */
  responses: number[][];
  endedWithEos: boolean[];
}

/** A rollout sampler; `generateResponses` is the default, lib/ml/sampling can be adapted to this signature. */
export type RolloutSampler = (options: GenerateOptions) => GeneratedResponses | Promise<GeneratedResponses>;

/** Inverse-CDF draw from one row of probabilities; rounding never lands on a zero-probability token (e.g. PAD). */
function sampleRow(probs: Float32Array, offset: number, vocab: number, u: number): number {
  let acc = 0;
  let lastPositive = 0;
  for (let k = 0; k < vocab; k++) {
    const p = probs[offset + k] as number;
    if (p <= 0) continue;
    acc += p;
    lastPositive = k;
    if (u < acc) return k;
  }
  return lastPositive;
}

/** Flatten a forward result into a tensor list so tf.tidy can keep it. */
function keepStep(logits: tf.Tensor, cache: KvCache): tf.Tensor[] {
  return [logits, ...cache.layers.flatMap((l) => [l.key, l.value])];
}

function unpackStep(kept: tf.Tensor[], length: number): { probs: tf.Tensor; cache: KvCache } {
  const [probs, ...rest] = kept as [tf.Tensor, ...tf.Tensor[]];
  const layers = [];
  for (let i = 0; i < rest.length; i += 2) layers.push({ key: rest[i] as tf.Tensor, value: rest[i + 1] as tf.Tensor });
  return { probs, cache: { layers, length } };
}

export async function generateResponses(options: GenerateOptions): Promise<GeneratedResponses> {
  const { policy, maxNewTokens, temperature, eosId, rng } = options;
  const { vocabSize: vocab, blockSize } = policy.config;
  if (maxNewTokens < 1 || maxNewTokens >= blockSize) throw new Error(`generateResponses: maxNewTokens must be in [1, ${blockSize})`);
  const keep = blockSize - maxNewTokens;
  const prompts = options.prompts.map((p) => {
    if (p.length === 0) throw new Error("generateResponses: empty prompt");
    return p.slice(Math.max(0, p.length - keep));
  });
  const responses: number[][] = prompts.map(() => []);
  const endedWithEos = prompts.map(() => false);
  const groups = new Map<number, number[]>();
  prompts.forEach((p, i) => groups.set(p.length, [...(groups.get(p.length) ?? []), i]));
  for (const [len, rows] of [...groups].sort((a, b) => a[0] - b[0])) {
    const g = rows.length;
    const done = rows.map(() => false);
    let feed: tf.Tensor | null = tf.tensor2d(rows.flatMap((r) => prompts[r] as number[]), [g, len], "int32"); // [G, P]
    let cache: KvCache | undefined;
    for (let step = 0; step < maxNewTokens && feed; step++) {
      await yieldIfDue();
      const ids: tf.Tensor = feed;
      const past = cache;
      const kept = tf.tidy(() => {
        const out = policy.forward({ ids, past, returnCache: true, logits: "last" });
        const logits = tf.reshape(out.logits as tf.Tensor, [g, vocab]); // [G, V]
        const probs = tf.softmax(temperature === 1 ? logits : tf.div(logits, temperature)); // [G, V]
        return keepStep(probs, out.cache as KvCache);
      });
      disposeKvCache(past);
      ids.dispose();
      const next = unpackStep(kept, (past?.length ?? 0) + (ids.shape[1] as number));
      cache = next.cache;
      const probs = await readAndDispose(next.probs); // the step's one read
      const tokens: number[] = [];
      rows.forEach((r, k) => {
        const u = rng.next();
        if (done[k]) {
          tokens.push(eosId);
          return;
        }
        const token = sampleRow(probs, k * vocab, vocab, u);
        tokens.push(token);
        (responses[r] as number[]).push(token);
        if (token === eosId) {
          done[k] = true;
          endedWithEos[r] = true;
        }
      });
      const finished = done.every(Boolean) || step === maxNewTokens - 1;
      feed = finished ? null : tf.tensor2d(tokens, [g, 1], "int32"); // [G, 1]
    }
    disposeKvCache(cache);
  }
  return { prompts, responses, endedWithEos };
}
