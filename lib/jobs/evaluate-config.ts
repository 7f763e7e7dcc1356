// Config of the evaluate job: two or more policy versions (the first is the baseline) sampled on the same eval prompts,
// scored by one reward model, compared by mean reward, win rate against the baseline, KL to a reference policy, EOS
// rate, length and sample quality. Defaults keep a run small: the eval split, at most 32 prompts, 2 samples each.
import { z } from "zod";
import { ZPromptSelector } from "./prompt-selector";

/** Policy versions one evaluation compares at most. */
export const MAX_EVALUATED_VERSIONS = 6;
/** Prompts one evaluation samples at most. */
export const MAX_EVALUATION_PROMPTS = 500;
/** Prompts whose completions are stored side by side in the result at most. */
export const MAX_STORED_EVALUATION_PROMPTS = 50;
/** Characters kept of each stored completion. */
export const STORED_COMPLETION_CHARS = 2000;

const ZVersionId = z.string().trim().min(1).max(64);

export const ZEvaluateConfig = z
  .strictObject({
    /**
     * Policy versions to compare, the first being the baseline the others' win rates are measured against; default:
     * the active policy's parent, then the active policy.
     */
    policyIds: z
      .array(ZVersionId)
      .min(2, "at least 2 policy versions to compare")
      .max(MAX_EVALUATED_VERSIONS, `at most ${MAX_EVALUATED_VERSIONS} policy versions`)
      .optional()
      .describe("Policy versions to compare, the first the baseline; default: the active policy's parent, then the active policy."),
    /** The reference policy of the KL column; default: the baseline (the first of policyIds). */
    referenceId: ZVersionId.optional().describe("Reference policy of the KL column; default: the baseline."),
    /** Reward model; default: the active (else newest) one. */
    rewardModelId: ZVersionId.optional().describe("Reward model; default: the active (else newest) one."),
    /** The prompts; default: the eval split. */
    prompts: ZPromptSelector.default({ split: "eval" }).describe('The prompts; default: the "eval" split.'),
    /** At most this many of the selected prompts (oldest first). */
    maxPrompts: z.number().int().min(1).max(MAX_EVALUATION_PROMPTS).default(32).describe("At most this many of the selected prompts (oldest first)."),
    /** Completions sampled per prompt and version (paired by index for the win rate). */
    samplesPerPrompt: z.number().int().min(1).max(16).default(2).describe("Completions sampled per prompt and version (paired for the win rate)."),
    /**
     * Plain temperature sampling (no top-k / top-p), so that the log-probs of the samples are those of the
     * distribution sampled and Σ (log π − log π_ref) estimates KL(π ‖ π_ref).
     */
    sampling: z
      .strictObject({
        temperature: z.number().gt(0).max(5).default(1).describe("Sampling temperature (plain sampling, no top-k / top-p)."),
        maxTokens: z.number().int().min(1).max(2048).default(64).describe("Tokens generated per completion at most."),
      })
      .prefault({})
      .describe("Plain temperature sampling, so that the samples' log-probs estimate the KL."),
    /** Prompts whose completions (the first sample of every version, with its score) the result keeps side by side. */
    storedPrompts: z
      .number()
      .int()
      .min(0)
      .max(MAX_STORED_EVALUATION_PROMPTS)
      .default(8)
      .describe("Prompts whose completions the result keeps side by side."),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe("Seed of the sampling."),
  })
  .refine((c) => !c.policyIds || new Set(c.policyIds).size === c.policyIds.length, { path: ["policyIds"], message: "each policy version once" });
export type TEvaluateConfig = z.infer<typeof ZEvaluateConfig>;

/** What an evaluation reports per policy version (Job.result.versions[i]). */
export const ZEvaluationVersionResult = z.object({
  id: z.string(),
  name: z.string(),
  /** Mean raw score of the reward model over every sample. */
  rewardMean: z.number(),
  rewardStd: z.number(),
  /** Mean score normalised with the reward model's saved statistics. */
  rewardNormalisedMean: z.number(),
  /** Share of paired samples scored above the baseline's (ties count half); the baseline's own is 0.5. */
  winRate: z.number(),
  /** Mean over samples of Σ_t (log π − log π_ref) at the sampling temperature (nats per completion). */
  klToReference: z.number(),
  eosRate: z.number(),
  /** Mean completion length in tokens (EOS not counted). */
  meanLength: z.number(),
  distinct1: z.number(),
  distinct2: z.number(),
  newlineRate: z.number(),
  repetitionRate: z.number(),
});
export type EvaluationVersionResult = z.infer<typeof ZEvaluationVersionResult>;

export const ZEvaluationSample = z.object({
  promptId: z.string(),
  prompt: z.string(),
  /** One completion per version, in the order of `versions`. */
  completions: z.array(z.object({ text: z.string(), score: z.number(), finishReason: z.enum(["eos", "length"]) })),
});
export type EvaluationSample = z.infer<typeof ZEvaluationSample>;

/** Job.result of a succeeded evaluate job. */
export const ZEvaluationResult = z.object({
  kind: z.literal("evaluation"),
  rewardModelId: z.string(),
  rewardModelName: z.string(),
  referenceId: z.string(),
  prompts: z.number(),
  samplesPerPrompt: z.number(),
  temperature: z.number(),
  maxTokens: z.number(),
  versions: z.array(ZEvaluationVersionResult),
  samples: z.array(ZEvaluationSample),
});
export type EvaluationResult = z.infer<typeof ZEvaluationResult>;
