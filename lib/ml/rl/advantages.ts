// Generalised Advantage Estimation (Schulman et al. 2016, "High-Dimensional Continuous Control Using GAE") over the
// response tokens of each sequence, and masked advantage whitening, as TRL's PPOTrainer and "The N Implementation
// Details of RLHF with PPO" (Huang et al. 2024) compute them. Plain JS arrays: rollouts are small and sequential.
import type { SequenceBatch } from "./sequence";

export interface GaeOptions {
  /** Per-token rewards r_0 … r_{n−1} of one response. */
  rewards: readonly number[];
  /** Value estimates V_0 … V_{n−1} (the value after the last token is 0: the episode ends). */
  values: readonly number[];
  gamma: number;
  lambda: number;
}

export interface GaeResult {
  advantages: number[];
  /** advantages + values: the value head's regression targets. */
  returns: number[];
}

/** δ_t = r_t + γ·V_{t+1} − V_t, A_t = δ_t + γλ·A_{t+1}, computed backwards with V_n = A_n = 0. */
export function gae(options: GaeOptions): GaeResult {
  const { rewards, values, gamma, lambda } = options;
  const n = rewards.length;
  if (values.length !== n) throw new Error(`gae: ${n} rewards, ${values.length} values`);
  const advantages = new Array<number>(n).fill(0);
  let next = 0;
  let lastGae = 0;
  for (let t = n - 1; t >= 0; t--) {
    const v = values[t] as number;
    const delta = (rewards[t] as number) + gamma * next - v;
    lastGae = delta + gamma * lambda * lastGae;
    advantages[t] = lastGae;
    next = v;
  }
  return { advantages, returns: advantages.map((a, t) => a + (values[t] as number)) };
}

export interface BatchGaeOptions {
  /** Layout of the rollout (rows, response spans). */
  batch: Pick<SequenceBatch, "batch" | "seqLen" | "responseStart" | "responseLength">;
  /** [B·S] per-position rewards (0 outside responses). */
  rewards: Float32Array;
  /** [B·S] per-position values. */
  values: Float32Array;
  gamma: number;
  lambda: number;
}

/** GAE over each row's response span; [B·S] advantages and returns, 0 outside responses. */
export function batchGae(options: BatchGaeOptions): { advantages: Float32Array; returns: Float32Array } {
  const { batch, rewards, values, gamma, lambda } = options;
  const { batch: b, seqLen: s } = batch;
  const advantages = new Float32Array(b * s);
  const returns = new Float32Array(b * s);
  for (let i = 0; i < b; i++) {
    const from = i * s + (batch.responseStart[i] as number);
    const to = from + (batch.responseLength[i] as number);
    const out = gae({
      rewards: Array.from(rewards.subarray(from, to)),
      values: Array.from(values.subarray(from, to)),
      gamma,
      lambda,
    });
    advantages.set(out.advantages, from);
    returns.set(out.returns, from);
  }
  return { advantages, returns };
}

export interface WhitenOptions {
  values: Float32Array;
  /** 1 where an entry counts; omitted: every entry. */
  mask?: Float32Array;
  /** Keep the mean (whiten the scale only), as TRL's `shift_mean=False`. Default: shift to mean 0. */
  keepMean?: boolean;
}

/**
 * (x − mean) / sqrt(var + 1e-8) over masked entries, with the unbiased (n−1) variance like TRL's `masked_whiten`.
 * Masked-out entries are returned as 0.
 */
export function whiten(options: WhitenOptions): Float32Array {
  const { values, mask, keepMean = false } = options;
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    n += 1;
    sum += values[i] as number;
  }
  const out = new Float32Array(values.length);
  if (n === 0) return out;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    sq += ((values[i] as number) - mean) ** 2;
  }
  const variance = n > 1 ? sq / (n - 1) : 0;
  const scale = 1 / Math.sqrt(variance + 1e-8);
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    const centred = ((values[i] as number) - mean) * scale;
    out[i] = keepMean ? centred + mean : centred;
  }
  return out;
}

export interface RlooAdvantagesOptions {
  /** One reward per response, grouped by prompt: rows g·k … g·k + k − 1 answer the same prompt. */
  rewards: readonly number[];
  /** Responses per prompt (≥ 2). */
  k: number;
}

/**
 * REINFORCE leave-one-out (Kool et al. 2019; Ahmadian et al. 2024, "Back to Basics"; TRL's RLOOTrainer): each
 * response's baseline is the mean reward of the other k − 1 responses to its prompt, A_i = r_i − (Σ_j r_j − r_i)/(k − 1).
 */
export function rlooAdvantages(options: RlooAdvantagesOptions): number[] {
  const { rewards, k } = options;
  if (k < 2) throw new Error("rlooAdvantages: k must be at least 2");
  if (rewards.length % k !== 0) throw new Error(`rlooAdvantages: ${rewards.length} rewards are not groups of ${k}`);
  const out: number[] = [];
  for (let g = 0; g < rewards.length; g += k) {
    const group = rewards.slice(g, g + k);
    const sum = group.reduce((a, r) => a + r, 0);
    for (const r of group) out.push(r - (sum - r) / (k - 1));
  }
  return out;
}
