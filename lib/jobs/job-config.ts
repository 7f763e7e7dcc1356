// Job types and their configs: one zod schema per type, every field with a documented default, so
// `POST /api/v1/jobs {type, config: {}}` runs a sensible job and the admin form can show the defaults filled in.
// A trainer's hyper-parameters are declared once, in its config schema next to it in lib/ml; a job's schema takes
// those fields from there (same names, bounds, defaults and descriptions) and adds what a run needs around them:
// which models and data, checkpoints, the name and activation of the result.
import { z } from "zod";
import { ZDpoSteps, ZDpoTrainerConfig } from "@/lib/ml/rl/dpo-config";
import { ZKlControllerConfig } from "@/lib/ml/rl/kl-controller";
import { ZPpoTrainerConfig } from "@/lib/ml/rl/ppo-config";
import { ZRlooTrainerConfig } from "@/lib/ml/rl/rloo-config";
import { ZSftTrainerConfig } from "@/lib/ml/sft/sft-config";
import { ZRewardTrainConfig } from "@/lib/ml/reward/reward-config";
import { ZPretrainTrainerConfig } from "@/lib/ml/pretrain/pretrain-config";
import { splitJobAfter } from "./job-after";
import { ZTrainingDataConfig } from "./training-data-config";
import { ZEvaluateConfig } from "./evaluate-config";
import { ZGeneratePromptChoice, ZPromptSelector, ZTrainPromptSelector } from "./prompt-selector";

export const JOB_TYPES = ["generate", "reward", "ppo", "dpo", "pretrain", "rloo", "sft", "evaluate"] as const;
export const ZJobType = z.enum(JOB_TYPES);
export type TJobType = z.infer<typeof ZJobType>;

/** A model version id, or omitted for "the active policy" / "the newest reward model". */
const ZVersionId = z.string().trim().min(1).max(64).optional();
const ZSeed = z.number().int().min(0).max(2 ** 31 - 1);
const ZProjectId = z.string().trim().min(1).max(64);

/** `since` filters live rankings; a snapshot is trained on as stored. */
function sinceOnLiveData(c: { since?: string | undefined; data: object }): boolean {
  return c.since === undefined || !("snapshotId" in c.data);
}
const SINCE_ON_LIVE_DATA = { path: ["since"], message: "since applies to live data: use data.filters.from, or leave since out with a snapshot" };

/** Sampling settings; defaults differ per job type (see GENERATE_SAMPLING and the PPO config). */
function samplingConfig(defaults: { temperature: number; topK: number; topP: number }) {
  return z.strictObject({
    /** Softmax temperature; 0 = greedy. */
    temperature: z.number().min(0).max(5).default(defaults.temperature).describe("Softmax temperature; 0 = greedy."),
    /** Keep the k most likely tokens (0 = off). */
    topK: z.number().int().min(0).max(100_000).default(defaults.topK).describe("Keep the k most likely tokens (0 = off)."),
    /** Nucleus sampling mass (1 = off). */
    topP: z.number().gt(0).max(1).default(defaults.topP).describe("Nucleus sampling mass (1 = off)."),
    /** Tokens generated at most per completion (stops earlier at EOS). */
    maxTokens: z.number().int().min(1).max(2048).default(64).describe("Tokens generated at most per completion, in tokens (stops earlier at EOS)."),
  });
}

/** PPO samples on-policy at temperature 1 (its log-probs are taken at the sampling temperature). */
export const ZSamplingConfig = samplingConfig({ temperature: 1, topK: 0, topP: 0.95 });
/**
 * Completions for labelers: temperature 0.8 with top-k 40 — at temperature 1 the small shipped base model writes
 * mostly broken words, at 0.8 / top-k 40 English-like text (lib/ml/assets/base/README.md has samples).
 */
export const ZGenerateSamplingConfig = samplingConfig({ temperature: 0.8, topK: 40, topP: 1 });
export type TSamplingConfig = z.infer<typeof ZSamplingConfig>;

export const ZExternalEndpoint = z.strictObject({
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1 (…/completions is appended). */
  baseUrl: z.url({ protocol: /^https?$/ }).describe("OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1 (…/completions is appended)."),
  /** Model name sent in the request body. */
  model: z.string().trim().min(1).max(200).describe("Model name sent in the request body."),
  /** Name of the environment variable of the worker that holds the API key (the key itself is never stored). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name like OPENAI_API_KEY")
    .default("OPENAI_API_KEY")
    .describe("Name of the worker's environment variable that holds the API key (the key itself is never stored)."),
});
export type TExternalEndpoint = z.infer<typeof ZExternalEndpoint>;

export const ZGenerateConfig = z.strictObject({
  /** "policy": a policy version of Podium (default the active one); "external": an OpenAI-compatible endpoint. */
  source: z.enum(["policy", "external"]).default("policy").describe('"policy": a policy version of Podium; "external": an OpenAI-compatible endpoint.'),
  /** Policy version to sample from (source "policy"); default: the active policy. */
  modelVersionId: ZVersionId.describe('Policy version to sample from (source "policy"); default: the active policy.'),
  /** Required when source is "external". */
  external: ZExternalEndpoint.optional(),
  /**
   * "new": prompts that have no comparison yet; "all": every prompt that has no comparison with completions of
   * this model version yet (what a new policy version needs); a prompt selector `{ids?, tags?, split?, projectId?}`
   * (lib/jobs/prompt-selector.ts): exactly the prompts it selects, whether or not they have comparisons already.
   */
  prompts: ZGeneratePromptChoice.describe(
    '"new": prompts without a comparison yet; "all": every prompt without completions of this model version yet; or a selector {ids?, tags?, split?, projectId?}: exactly the prompts it picks.',
  ),
  /** Only prompts of this project; default: every project. */
  projectId: ZProjectId.optional().describe("Only prompts of this project; default: every project."),
  /**
   * Prompts whose comparisons the reward model is least sure about first (Comparison.uncertainty, scored by the last
   * reward job; with prompts "all"), then the usual order.
   */
  preferUncertain: z
    .boolean()
    .default(false)
    .describe('Prompts whose comparisons the reward model is least sure about first (with prompts "all"), then the usual order.'),
  /** At most this many prompts per job, oldest first. */
  maxPrompts: z.number().int().min(1).max(100_000).default(500).describe("At most this many prompts per job, oldest first."),
  /** Rankings each new comparison needs; default: the requiredRankings of the prompt's project. */
  requiredRankings: z.number().int().min(1).max(50).optional().describe("Rankings each new comparison needs; default: its project's setting."),
  /** Prompts sampled together (one batch of 5·batchSize sequences). */
  batchSize: z.number().int().min(1).max(256).default(8).describe("Prompts sampled together (one batch of 5·batchSize sequences)."),
  sampling: ZGenerateSamplingConfig.prefault({}),
  seed: ZSeed.default(1).describe("Seed of the sampling."),
}).refine((c) => c.source !== "external" || c.external !== undefined, {
  path: ["external"],
  message: 'source "external" needs external: {baseUrl, model, apiKeyEnv}',
});

/** Fields every training job has around its trainer's. */
const ZModelName = z.string().trim().min(1).max(100).optional().describe('Display name of the resulting model version; default "<type> <date>".');
const ZActivate = z.boolean().default(false).describe("Make the new policy the active one when the job succeeds.");
function checkpointEvery(steps: number) {
  return z.number().int().min(1).max(100_000).default(steps).describe("Resumable checkpoint every this many steps.");
}
const ZSince = z.iso
  .datetime({ offset: true })
  .optional()
  .describe("Use only rankings made at or after this time (ISO 8601); default: all rankings. Live data only.");

export const ZRewardConfig = z
  .strictObject({
    name: ZModelName,
    /** Policy version whose transformer initialises the reward model; default: the active policy. */
    initFromId: ZVersionId.describe("Policy version whose transformer initialises the reward model; default: the active policy."),
    since: ZSince,
    /** {snapshotId}: an export snapshot's stored content; {filters}: the live rankings under the export filters. */
    data: ZTrainingDataConfig,
    ...ZRewardTrainConfig.pick({ steps: true, batchSize: true, lr: true, loss: true }).shape,
    heldOutFraction: ZRewardTrainConfig.shape.valFraction,
    evalEvery: ZRewardTrainConfig.shape.evalEvery,
    checkpointEvery: checkpointEvery(25),
    seed: ZRewardTrainConfig.shape.seed,
    /**
     * Afterwards, the new model's uncertainty about the open comparisons of projects with selection "active" (only
     * data.filters' projects when it names some), from this many bootstrapped heads on its features; 0 = off.
     */
    uncertaintyHeads: z
      .number()
      .int()
      .min(0)
      .max(32)
      .default(8)
      .describe('Afterwards, bootstrapped heads that score the uncertainty of open comparisons in "active" projects; 0 = off.'),
    /** Comparisons scored at most (oldest first, as GET /tasks/next reads them). */
    uncertaintyMaxComparisons: z.number().int().min(1).max(100_000).default(2000).describe("Comparisons scored for uncertainty at most (oldest first)."),
  })
  .refine(sinceOnLiveData, SINCE_ON_LIVE_DATA)
  .refine((c) => c.uncertaintyHeads !== 1, { path: ["uncertaintyHeads"], message: "uncertaintyHeads is 0 (off) or at least 2" });

/** Default penalty (in reward-model standard deviations, ≤ 0) of a truncated response per `truncated` mode. */
export const DEFAULT_MISSING_EOS_PENALTY = { "score-plus-penalty": -0.5, penalty: -1 } as const;

/** How PPO and RLOO score a response that hits sampling.maxTokens without EOS. */
function truncationFields() {
  return {
    /**
     * "score-plus-penalty" (default): the reward model's score plus missingEosPenalty, so the reward model shapes
     * every update; "score": the reward model's score alone; "penalty": missingEosPenalty instead of the reward
     * model's score (with mostly truncated rollouts the reward model then shapes almost nothing).
     */
    truncated: ZPpoTrainerConfig.shape.truncated,
    /** Penalty (≤ 0, in reward-model standard deviations); default −0.5 with "score-plus-penalty", −1 with "penalty". */
    missingEosPenalty: z
      .number()
      .min(-100)
      .max(0)
      .optional()
      .describe('Penalty (≤ 0, in reward-model standard deviations) of a response without EOS; default −0.5 with "score-plus-penalty", −1 with "penalty".'),
  };
}

/** Optional reward-model ensemble of PPO and RLOO: a conservative reward against reward hacking. */
function ensembleFields() {
  return {
    /**
     * More reward model versions (same tokenizer as the policy). With at least one, each rollout's reward-model score
     * is mean − disagreementPenalty·std of the normalised scores of rewardModelId and these.
     */
    ensembleRewardModelIds: z
      .array(z.string().trim().min(1).max(64))
      .max(7)
      .default([])
      .describe("More reward model versions (same tokenizer): each rollout's score is then mean − disagreementPenalty·std over all of them."),
    /** Weight of the ensemble's disagreement (std) subtracted from its mean score. */
    disagreementPenalty: z.number().min(0).max(10).default(1).describe("Weight of the ensemble's disagreement (std) subtracted from its mean score."),
  };
}

/** The KL fields of PPO and RLOO jobs: the trainer's `kl` controller, flat. */
function klFields() {
  return {
    klCoef: ZKlControllerConfig.shape.initCoef,
    adaptiveKl: z.boolean().default(false).describe("Adapt β towards targetKl (Ziegler et al. 2019); otherwise β is fixed."),
    targetKl: ZKlControllerConfig.shape.target,
  };
}

export const ZPpoConfig = z.strictObject({
  name: ZModelName,
  /** Policy to fine-tune (also the frozen KL reference); default: the active policy. */
  policyId: ZVersionId.describe("Policy to fine-tune (also the frozen KL reference); default: the active policy."),
  /** Reward model; default: the newest one. */
  rewardModelId: ZVersionId.describe("Reward model; default: the newest one."),
  /** Roll out on the prompts of these projects; default: every project. */
  projectIds: z.array(ZProjectId).min(1).max(100).optional().describe("Roll out on the prompts of these projects; default: every project."),
  /** Roll out on the prompts this selector picks (train split only, always); default: every train prompt. */
  prompts: ZTrainPromptSelector.optional().describe("Roll out on the prompts this selector picks (train split only, always); default: every train prompt."),
  ...ZPpoTrainerConfig.pick({ steps: true, batchSize: true, ppoEpochs: true, lr: true }).shape,
  ...klFields(),
  clipRange: ZPpoTrainerConfig.shape.clipRange,
  valueClipRange: ZPpoTrainerConfig.shape.clipRangeValue,
  ...ZPpoTrainerConfig.pick({ vfCoef: true, gamma: true, lambda: true }).shape,
  ...truncationFields(),
  ...ensembleFields(),
  sampling: ZSamplingConfig.prefault({}),
  checkpointEvery: checkpointEvery(10),
  activate: ZActivate,
  seed: ZPpoTrainerConfig.shape.seed,
});

/** RLOO (REINFORCE leave-one-out): k responses per prompt, each one's baseline the mean reward of the other k − 1. */
export const ZRlooConfig = z.strictObject({
  name: ZModelName,
  /** Policy to fine-tune (also the frozen KL reference); default: the active policy. */
  policyId: ZVersionId.describe("Policy to fine-tune (also the frozen KL reference); default: the active policy."),
  /** Reward model; default: the newest one. */
  rewardModelId: ZVersionId.describe("Reward model; default: the newest one."),
  /** Roll out on the prompts this selector picks (train split only, always); default: every train prompt. */
  prompts: ZTrainPromptSelector.optional().describe("Roll out on the prompts this selector picks (train split only, always); default: every train prompt."),
  ...ZRlooTrainerConfig.pick({ steps: true, promptsPerStep: true, k: true, epochs: true, lr: true }).shape,
  ...klFields(),
  ...ZRlooTrainerConfig.pick({ clipRange: true, whitenAdvantages: true }).shape,
  ...truncationFields(),
  ...ensembleFields(),
  sampling: ZSamplingConfig.prefault({}),
  checkpointEvery: checkpointEvery(10),
  activate: ZActivate,
  seed: ZRlooTrainerConfig.shape.seed,
});

export const ZDpoConfig = z
  .strictObject({
    name: ZModelName,
    /** Policy to fine-tune (also the frozen reference); default: the active policy. */
    policyId: ZVersionId.describe("Policy to fine-tune (also the frozen reference); default: the active policy."),
    /** Live data only, like the reward job's. */
    since: ZSince,
    data: ZTrainingDataConfig,
    steps: ZDpoSteps.default(200),
    ...ZDpoTrainerConfig.pick({ batchSize: true, lr: true, beta: true }).shape,
    nllCoef: ZDpoTrainerConfig.shape.rpoAlpha,
    heldOutFraction: ZRewardTrainConfig.shape.valFraction,
    evalEvery: ZDpoTrainerConfig.shape.evalEvery,
    checkpointEvery: checkpointEvery(25),
    activate: ZActivate,
    seed: ZDpoTrainerConfig.shape.seed,
  })
  .refine(sinceOnLiveData, SINCE_ON_LIVE_DATA);

export const ZPretrainConfig = z
  .strictObject({
    name: ZModelName,
    /** Tokenizer: "shipped" reuses lib/ml/assets/base/tokenizer.json; "train" trains a new BPE of `vocabSize`. */
    tokenizer: z
      .enum(["shipped", "train"])
      .default("shipped")
      .describe('"shipped" reuses lib/ml/assets/base/tokenizer.json; "train" trains a new BPE of vocabSize tokens.'),
    vocabSize: z.number().int().min(260).max(65_536).default(2048).describe("Tokens in a newly trained BPE vocabulary (tokenizer \"train\")."),
    /** Model shape (the shipped base: D=128, L=4, H=4, T=128). */
    nEmbd: z.number().int().min(8).max(4096).default(128).describe("Embedding width D (the shipped base: 128)."),
    nLayer: z.number().int().min(1).max(96).default(4).describe("Transformer layers L (the shipped base: 4)."),
    nHead: z.number().int().min(1).max(64).default(4).describe("Attention heads H; must divide nEmbd (the shipped base: 4)."),
    blockSize: z.number().int().min(8).max(2048).default(128).describe("Context length T in tokens (the shipped base: 128)."),
    /** Use only the first this many characters of the corpus (0 = all). */
    maxCorpusChars: z.number().int().min(0).max(1_000_000_000).default(0).describe("Use only the first this many characters of the corpus (0 = all)."),
    ...ZPretrainTrainerConfig.pick({ steps: true, batchSize: true, seqLen: true, lr: true, evalEvery: true }).shape,
    checkpointEvery: checkpointEvery(50),
    activate: ZActivate,
    seed: ZPretrainTrainerConfig.shape.seed,
  })
  .refine((c) => c.nEmbd % c.nHead === 0, { path: ["nHead"], message: "nHead must divide nEmbd" })
  .refine((c) => c.seqLen <= c.blockSize, { path: ["seqLen"], message: "seqLen must be at most blockSize" });

export const ZSftConfig = z.strictObject({
  name: ZModelName,
  /** Policy to fine-tune (the new version's lineage parent); default: the active policy. */
  policyId: ZVersionId.describe("Policy to fine-tune (the new version's lineage parent); default: the active policy."),
  /**
   * "demonstrations": the imported demonstrations; "consensus-best": the consensus rank-1 completion of every
   * comparison with at least minRankings rankings (gold and excluded comparisons left out); "both": the two together.
   */
  source: z
    .enum(["demonstrations", "consensus-best", "both"])
    .default("demonstrations")
    .describe(
      '"demonstrations": the imported demonstrations; "consensus-best": the consensus rank-1 completion of every comparison with at least minRankings rankings (gold and excluded comparisons left out); "both".',
    ),
  /** Only data of these projects; default (empty): every project. */
  projectIds: z.array(z.string().trim().min(1).max(64)).max(100).default([]).describe("Only data of these projects; default (empty): every project."),
  /** Only data of the prompts this selector picks (AND-ed with projectIds); default: every prompt. */
  prompts: ZPromptSelector.optional().describe("Only data of the prompts this selector picks (AND-ed with projectIds); default: every prompt."),
  /** Rankings (not marked "none acceptable") a comparison needs before its consensus best counts (consensus-best). */
  minRankings: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(3)
    .describe('Rankings (not marked "none acceptable") a comparison needs before its consensus best counts (consensus-best).'),
  ...ZSftTrainerConfig.pick({ steps: true, batchSize: true, lr: true }).shape,
  /** Prompt + response tokens per example at most (and at most the model's context); the prompt is cut first. */
  maxTokens: z
    .number()
    .int()
    .min(2)
    .max(4096)
    .default(128)
    .describe("Prompt + response tokens per example at most (and at most the model's context); the prompt is cut first."),
  heldOutFraction: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.1)
    .describe('Fraction of prompts held out for the held-out loss (split by prompt; prompts of the "eval" split always are).'),
  evalEvery: ZSftTrainerConfig.shape.evalEvery,
  checkpointEvery: checkpointEvery(25),
  activate: ZActivate,
  seed: ZSftTrainerConfig.shape.seed,
});

export const JOB_CONFIG_SCHEMAS = {
  generate: ZGenerateConfig,
  reward: ZRewardConfig,
  ppo: ZPpoConfig,
  dpo: ZDpoConfig,
  pretrain: ZPretrainConfig,
  rloo: ZRlooConfig,
  sft: ZSftConfig,
  evaluate: ZEvaluateConfig,
} as const;

export type TJobConfigs = { [K in TJobType]: z.infer<(typeof JOB_CONFIG_SCHEMAS)[K]> };
export type TGenerateConfig = TJobConfigs["generate"];
export type TRewardConfig = TJobConfigs["reward"];
export type TPpoConfig = TJobConfigs["ppo"];
export type TDpoConfig = TJobConfigs["dpo"];
export type TPretrainConfig = TJobConfigs["pretrain"];
export type TRlooConfig = TJobConfigs["rloo"];
export type TSftConfig = TJobConfigs["sft"];
export type TEvaluateJobConfig = TJobConfigs["evaluate"];

/** Validates `config` for `type` and fills in the defaults; throws a ZodError (→ 400) naming the bad field. */
export function parseJobConfig<K extends TJobType>(type: K, config: unknown): TJobConfigs[K] {
  // `after` (a pipeline's predecessor) sits beside the type's fields; lib/jobs/job-after.ts reads it.
  return JOB_CONFIG_SCHEMAS[type].parse(splitJobAfter(config ?? {}).rest) as TJobConfigs[K];
}

/** Every type's config with all defaults applied (for forms and documentation). */
export function defaultJobConfigs(): TJobConfigs {
  return {
    generate: parseJobConfig("generate", {}),
    reward: parseJobConfig("reward", {}),
    ppo: parseJobConfig("ppo", {}),
    dpo: parseJobConfig("dpo", {}),
    pretrain: parseJobConfig("pretrain", {}),
    rloo: parseJobConfig("rloo", {}),
    sft: parseJobConfig("sft", {}),
    evaluate: parseJobConfig("evaluate", {}),
  };
}

/** Body of `POST /api/v1/jobs`. */
export const ZEnqueueJobRequest = z.strictObject({
  type: ZJobType,
  config: z.record(z.string(), z.json()).default({}),
  /** Attempts before the job is FAILED for good (a crash or an error each use one). */
  maxAttempts: z.number().int().min(1).max(20).optional(),
});
export type TEnqueueJobRequest = z.infer<typeof ZEnqueueJobRequest>;
