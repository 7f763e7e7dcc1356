// Side-by-side evaluation of policy versions on one prompt set, as RLHF papers report it (InstructGPT §4, Stiennon et
// al. 2020): each policy samples the same prompts with the same seeds (paired samples), one reward model scores every
// sample, the win rate counts pairs scored above the baseline's, and KL(π ‖ π_ref) is estimated per sample as
// Σ_t (log π(a_t) − log π_ref(a_t)) at the sampling temperature (the k1 estimator PPO's metrics use).
import * as tf from "@tensorflow/tfjs";
import type { Gpt } from "../model/gpt";
import { withoutGradients } from "../ops/inference-mode";
import { readAndDispose } from "../ops/read-tensor";
import { sampleQuality, type SampleQuality } from "../rl/sample-quality";
import { sequenceKl } from "../rl/scores";
import { buildSequenceBatch, tokenLogProbs } from "../rl/sequence";
import type { ReferenceModel, RewardFunction, RewardStats } from "../rl/types";
import { generate } from "../sampling/generate";

export interface EvaluatePoliciesConfig {
  samplesPerPrompt: number;
  /** > 0: plain temperature sampling, so the samples' log-probs are those of the sampled distribution. */
  temperature: number;
  maxNewTokens: number;
  seed: number;
}

export interface EvaluatePoliciesOptions {
  /** The policies, the first being the baseline of the win rates. */
  policies: readonly Gpt[];
  /** The reference policy of the KL estimate. */
  reference: ReferenceModel;
  /** Raw reward-model scores of (prompt, response) ids. */
  reward: RewardFunction;
  rewardStats: RewardStats;
  /** Prompt token ids (each non-empty). */
  prompts: readonly (readonly number[])[];
  eosId: number;
  padId: number;
  newlineIds?: ReadonlySet<number>;
  config: EvaluatePoliciesConfig;
  /** Rows per log-prob forward pass. */
  scoreBatchRows?: number;
  /** Called after each policy with (policies done, policies). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** One sample, in row order prompt × samplesPerPrompt + sample. */
export interface EvaluatedSample {
  promptIndex: number;
  /** Response tokens, EOS included when `finished`. */
  tokens: number[];
  finished: boolean;
  score: number;
  kl: number;
}

export interface PolicyEvaluation extends SampleQuality {
  samples: EvaluatedSample[];
  rewardMean: number;
  rewardStd: number;
  rewardNormalisedMean: number;
  /** Share of paired samples scored above the baseline's (ties count half); 0.5 for the baseline itself. */
  winRate: number;
  klToReference: number;
  eosRate: number;
  /** Tokens per response, EOS not counted. */
  meanLength: number;
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function std(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

/** Per-row Σ (log π − log π_ref) of the responses, in chunks of `rows`. */
async function klPerRow(options: {
  policy: ReferenceModel;
  reference: ReferenceModel;
  prompts: number[][];
  responses: number[][];
  padId: number;
  temperature: number;
  rows: number;
}): Promise<number[]> {
  const out: number[] = [];
  for (let from = 0; from < options.prompts.length; from += options.rows) {
    const batch = buildSequenceBatch({
      prompts: options.prompts.slice(from, from + options.rows),
      responses: options.responses.slice(from, from + options.rows),
      padId: options.padId,
    });
    const [pol, ref] = withoutGradients(() =>
      tf.tidy(() => [
        tokenLogProbs({ model: options.policy, batch, temperature: options.temperature }).logProbs, // [B, S]
        tokenLogProbs({ model: options.reference, batch, temperature: options.temperature }).logProbs, // [B, S]
      ]),
    ) as [tf.Tensor, tf.Tensor];
    const logProbs = await readAndDispose(pol);
    const refLogProbs = await readAndDispose(ref);
    out.push(...sequenceKl({ batch, logProbs, refLogProbs }));
  }
  return out;
}

/** Samples, scores and compares every policy; returns null when `signal` aborted it. */
export async function evaluatePolicies(options: EvaluatePoliciesOptions): Promise<PolicyEvaluation[] | null> {
  const { policies, reference, reward, rewardStats, eosId, padId, config, scoreBatchRows = 16 } = options;
  if (config.temperature <= 0) throw new Error("evaluatePolicies: temperature must be > 0");
  const results: Omit<PolicyEvaluation, "winRate">[] = [];
  for (const [index, policy] of policies.entries()) {
    if (options.signal?.aborted) return null;
    const maxNewTokens = Math.min(config.maxNewTokens, policy.config.blockSize - 1);
    const keep = policy.config.blockSize - maxNewTokens;
    const prompts = options.prompts.map((p) => p.slice(Math.max(0, p.length - keep)));
    const completions = await generate({
      model: policy,
      prompts,
      numSamples: config.samplesPerPrompt,
      eosId,
      seed: config.seed,
      config: { temperature: config.temperature, topK: 0, topP: 1, maxNewTokens },
    });
    completions.sort((a, b) => a.promptIndex - b.promptIndex || a.sampleIndex - b.sampleIndex);
    const rowPrompts = completions.map((c) => prompts[c.promptIndex] as number[]);
    const responses = completions.map((c) => c.tokens);
    const finished = completions.map((c) => c.finished);
    const raw = await reward({ prompts: rowPrompts, responses, endedWithEos: finished });
    const kl = await klPerRow({ policy, reference, prompts: rowPrompts, responses, padId, temperature: config.temperature, rows: scoreBatchRows });
    const sd = rewardStats.std > 0 ? rewardStats.std : 1;
    results.push({
      samples: completions.map((c, i) => ({ promptIndex: c.promptIndex, tokens: c.tokens, finished: c.finished, score: raw[i] as number, kl: kl[i] as number })),
      rewardMean: mean(raw),
      rewardStd: std(raw),
      rewardNormalisedMean: mean(raw.map((r) => (r - rewardStats.mean) / sd)),
      klToReference: mean(kl),
      eosRate: mean(finished.map((f) => (f ? 1 : 0))),
      meanLength: mean(responses.map((r) => r.filter((t) => t !== eosId).length)),
      ...sampleQuality({ responses, eosId, ...(options.newlineIds ? { newlineIds: options.newlineIds } : {}) }),
    });
    options.onProgress?.(index + 1, policies.length);
  }
  const baseline = results[0]?.samples ?? [];
  return results.map((r) => ({
    ...r,
    winRate: mean(r.samples.map((s, i) => {
      const other = baseline[i]?.score ?? s.score;
      return s.score > other ? 1 : s.score < other ? 0 : 0.5;
    })),
  }));
}
