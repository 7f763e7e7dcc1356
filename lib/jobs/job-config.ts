// Job types and their configs: one zod schema per type, every field with a documented default, so
// `POST /api/v1/jobs {type, config: {}}` runs a sensible job and the admin form can show the defaults filled in.
// The trainers' own hyper-parameters live in lib/ml; these are the knobs an admin sets per run.
import { z } from "zod";
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
    temperature: z.number().min(0).max(5).default(defaults.temperature),
    /** Keep the k most likely tokens (0 = off). */
    topK: z.number().int().min(0).max(100_000).default(defaults.topK),
    /** Nucleus sampling mass (1 = off). */
    topP: z.number().gt(0).max(1).default(defaults.topP),
    /** Tokens generated at most per completion (stops earlier at EOS). */
    maxTokens: z.number().int().min(1).max(2048).default(64),
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
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Model name sent in the request body. */
  model: z.string().trim().min(1).max(200),
  /** Name of the environment variable of the worker that holds the API key (the key itself is never stored). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name like OPENAI_API_KEY")
    .default("OPENAI_API_KEY"),
});
export type TExternalEndpoint = z.infer<typeof ZExternalEndpoint>;

export const ZGenerateConfig = z.strictObject({
  /** "policy": a policy version of Podium (default the active one); "external": an OpenAI-compatible endpoint. */
  source: z.enum(["policy", "external"]).default("policy"),
  /** Policy version to sample from (source "policy"); default: the active policy. */
  modelVersionId: ZVersionId,
  /** Required when source is "external". */
  external: ZExternalEndpoint.optional(),
  /**
   * "new": prompts that have no comparison yet; "all": every prompt that has no comparison with completions of
   * this model version yet (what a new policy version needs); a prompt selector `{ids?, tags?, split?, projectId?}`
   * (lib/jobs/prompt-selector.ts): exactly the prompts it selects, whether or not they have comparisons already.
   */
  prompts: ZGeneratePromptChoice,
  /** Only prompts of this project; default: every project. */
  projectId: ZProjectId.optional(),
  /**
   * Prompts whose comparisons the reward model is least sure about first (Comparison.uncertainty, scored by the last
   * reward job; with prompts "all"), then the usual order.
   */
  preferUncertain: z.boolean().default(false),
  /** At most this many prompts per job, oldest first. */
  maxPrompts: z.number().int().min(1).max(100_000).default(500),
  /** Rankings each new comparison needs; default: the requiredRankings of the prompt's project. */
  requiredRankings: z.number().int().min(1).max(50).optional(),
  /** Prompts sampled together (one batch of 5·batchSize sequences). */
  batchSize: z.number().int().min(1).max(256).default(8),
  sampling: ZGenerateSamplingConfig.prefault({}),
  seed: ZSeed.default(1),
}).refine((c) => c.source !== "external" || c.external !== undefined, {
  path: ["external"],
  message: 'source "external" needs external: {baseUrl, model, apiKeyEnv}',
});

export const ZRewardConfig = z.strictObject({
  /** Display name of the resulting reward model; default "reward <date>". */
  name: z.string().trim().min(1).max(100).optional(),
  /** Policy version whose transformer initialises the reward model; default: the active policy. */
  initFromId: ZVersionId,
  /** Use only rankings made at or after this time (ISO 8601); default: all rankings. Live data only. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** {snapshotId}: an export snapshot's stored content; {filters}: the live rankings under the export filters. */
  data: ZTrainingDataConfig,
  /** Optimisation steps. */
  steps: z.number().int().min(1).max(1_000_000).default(300),
  /** Rankings per step (each gives all C(5,2) = 10 pairs). */
  batchSize: z.number().int().min(1).max(1024).default(16),
  lr: z.number().gt(0).max(1).default(1e-4),
  /** "bradley-terry": all pairs of a ranking (InstructGPT); "plackett-luce": the listwise likelihood. */
  loss: z.enum(["bradley-terry", "plackett-luce"]).default("bradley-terry"),
  /** Fraction of prompts held out for accuracy (split by prompt, never by ranking). */
  heldOutFraction: z.number().min(0).max(0.5).default(0.1),
  /** Held-out evaluation every this many steps. */
  evalEvery: z.number().int().min(1).max(100_000).default(50),
  /** Checkpoint (for resume) every this many steps. */
  checkpointEvery: z.number().int().min(1).max(100_000).default(25),
  seed: ZSeed.default(1),
  /**
   * Afterwards, the new model's uncertainty about the open comparisons of projects with selection "active" (only
   * data.filters' projects when it names some), from this many bootstrapped heads on its features; 0 = off.
   */
  uncertaintyHeads: z.number().int().min(0).max(32).default(8),
  /** Comparisons scored at most (oldest first, as GET /tasks/next reads them). */
  uncertaintyMaxComparisons: z.number().int().min(1).max(100_000).default(2000),
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
    truncated: z.enum(["score", "score-plus-penalty", "penalty"]).default("score-plus-penalty"),
    /** Penalty (≤ 0, in reward-model standard deviations); default −0.5 with "score-plus-penalty", −1 with "penalty". */
    missingEosPenalty: z.number().min(-100).max(0).optional(),
  };
}

/** Optional reward-model ensemble of PPO and RLOO: a conservative reward against reward hacking. */
function ensembleFields() {
  return {
    /**
     * More reward model versions (same tokenizer as the policy). With at least one, each rollout's reward-model score
     * is mean − disagreementPenalty·std of the normalised scores of rewardModelId and these.
     */
    ensembleRewardModelIds: z.array(z.string().trim().min(1).max(64)).max(7).default([]),
    /** Weight of the ensemble's disagreement (std) subtracted from its mean score. */
    disagreementPenalty: z.number().min(0).max(10).default(1),
  };
}

export const ZPpoConfig = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /** Policy to fine-tune (also the frozen KL reference); default: the active policy. */
  policyId: ZVersionId,
  /** Reward model; default: the newest one. */
  rewardModelId: ZVersionId,
  /** Roll out on the prompts of these projects; default: every project. */
  projectIds: z.array(ZProjectId).min(1).max(100).optional(),
  /** Roll out on the prompts this selector picks (train split only, always); default: every train prompt. */
  prompts: ZTrainPromptSelector.optional(),
  /** PPO iterations (rollout + update). */
  steps: z.number().int().min(1).max(1_000_000).default(100),
  /** Prompts rolled out per iteration. */
  batchSize: z.number().int().min(1).max(1024).default(16),
  /** Optimisation epochs over each rollout batch. */
  ppoEpochs: z.number().int().min(1).max(32).default(4),
  lr: z.number().gt(0).max(1).default(1e-5),
  /** KL penalty β (initial value when adaptive). */
  klCoef: z.number().min(0).max(10).default(0.05),
  /** Adapt β towards targetKl (Ziegler et al. 2019); otherwise β is fixed. */
  adaptiveKl: z.boolean().default(false),
  targetKl: z.number().gt(0).max(100).default(6),
  clipRange: z.number().gt(0).max(1).default(0.2),
  valueClipRange: z.number().gt(0).max(10).default(0.2),
  vfCoef: z.number().min(0).max(10).default(0.1),
  gamma: z.number().min(0).max(1).default(1),
  lambda: z.number().min(0).max(1).default(0.95),
  ...truncationFields(),
  ...ensembleFields(),
  sampling: ZSamplingConfig.prefault({}),
  checkpointEvery: z.number().int().min(1).max(100_000).default(10),
  /** Make the new policy the active one when the job succeeds. */
  activate: z.boolean().default(false),
  seed: ZSeed.default(1),
});

/** RLOO (REINFORCE leave-one-out): k responses per prompt, each one's baseline the mean reward of the other k − 1. */
export const ZRlooConfig = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /** Policy to fine-tune (also the frozen KL reference); default: the active policy. */
  policyId: ZVersionId,
  /** Reward model; default: the newest one. */
  rewardModelId: ZVersionId,
  /** Roll out on the prompts this selector picks (train split only, always); default: every train prompt. */
  prompts: ZTrainPromptSelector.optional(),
  /** Iterations (rollout + update). */
  steps: z.number().int().min(1).max(1_000_000).default(100),
  /** Prompts per iteration. */
  promptsPerStep: z.number().int().min(1).max(256).default(4),
  /** Responses sampled per prompt (≥ 2: the others are each one's baseline). */
  k: z.number().int().min(2).max(64).default(4),
  /** Passes over each rollout batch (1: plain REINFORCE). */
  epochs: z.number().int().min(1).max(32).default(1),
  lr: z.number().gt(0).max(1).default(1e-5),
  /** KL penalty β on Σ_t (log π − log π_ref) of each response (initial value when adaptive). */
  klCoef: z.number().min(0).max(10).default(0.05),
  adaptiveKl: z.boolean().default(false),
  targetKl: z.number().gt(0).max(100).default(6),
  clipRange: z.number().gt(0).max(1).default(0.2),
  /** Whiten the advantages over each batch. */
  whitenAdvantages: z.boolean().default(false),
  ...truncationFields(),
  ...ensembleFields(),
  sampling: ZSamplingConfig.prefault({}),
  checkpointEvery: z.number().int().min(1).max(100_000).default(10),
  activate: z.boolean().default(false),
  seed: ZSeed.default(1),
});

export const ZDpoConfig = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /** Policy to fine-tune (also the frozen reference); default: the active policy. */
  policyId: ZVersionId,
  /** Live data only, like the reward job's. */
  since: z.iso.datetime({ offset: true }).optional(),
  data: ZTrainingDataConfig,
  steps: z.number().int().min(1).max(1_000_000).default(200),
  /** Preference pairs per step. */
  batchSize: z.number().int().min(1).max(1024).default(16),
  lr: z.number().gt(0).max(1).default(1e-5),
  /** DPO temperature β of the sigmoid loss. */
  beta: z.number().gt(0).max(10).default(0.1),
  /** Weight of an NLL term on the chosen response (0 = off). */
  nllCoef: z.number().min(0).max(10).default(0),
  heldOutFraction: z.number().min(0).max(0.5).default(0.1),
  evalEvery: z.number().int().min(1).max(100_000).default(50),
  checkpointEvery: z.number().int().min(1).max(100_000).default(25),
  activate: z.boolean().default(false),
  seed: ZSeed.default(1),
}).refine(sinceOnLiveData, SINCE_ON_LIVE_DATA);

export const ZPretrainConfig = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /** Tokenizer: "shipped" reuses lib/ml/assets/base/tokenizer.json; "train" trains a new BPE of `vocabSize`. */
  tokenizer: z.enum(["shipped", "train"]).default("shipped"),
  vocabSize: z.number().int().min(260).max(65_536).default(2048),
  /** Model shape (the shipped base: D=128, L=4, H=4, T=128). */
  nEmbd: z.number().int().min(8).max(4096).default(128),
  nLayer: z.number().int().min(1).max(96).default(4),
  nHead: z.number().int().min(1).max(64).default(4),
  blockSize: z.number().int().min(8).max(2048).default(128),
  /** Use only the first this many characters of the corpus (0 = all). */
  maxCorpusChars: z.number().int().min(0).max(1_000_000_000).default(0),
  steps: z.number().int().min(1).max(10_000_000).default(800),
  batchSize: z.number().int().min(1).max(1024).default(16),
  seqLen: z.number().int().min(8).max(2048).default(128),
  lr: z.number().gt(0).max(1).default(1e-3),
  evalEvery: z.number().int().min(0).max(100_000).default(100),
  checkpointEvery: z.number().int().min(1).max(100_000).default(50),
  /** Make the new base policy the active one when the job succeeds. */
  activate: z.boolean().default(false),
  seed: ZSeed.default(1),
})
  .refine((c) => c.nEmbd % c.nHead === 0, { path: ["nHead"], message: "nHead must divide nEmbd" })
  .refine((c) => c.seqLen <= c.blockSize, { path: ["seqLen"], message: "seqLen must be at most blockSize" });

export const ZSftConfig = z.strictObject({
  /** Display name of the resulting policy; default "sft <date>". */
  name: z.string().trim().min(1).max(100).optional(),
  /** Policy to fine-tune (the new version's lineage parent); default: the active policy. */
  policyId: ZVersionId,
  /**
   * "demonstrations": the imported demonstrations; "consensus-best": the consensus rank-1 completion of every
   * comparison with at least minRankings rankings (gold and excluded comparisons left out); "both": the two together.
   */
  source: z.enum(["demonstrations", "consensus-best", "both"]).default("demonstrations"),
  /** Only data of these projects; default (empty): every project. */
  projectIds: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
  /** Only data of the prompts this selector picks (AND-ed with projectIds); default: every prompt. */
  prompts: ZPromptSelector.optional(),
  /** Rankings (not marked "none acceptable") a comparison needs before its consensus best counts (consensus-best). */
  minRankings: z.number().int().min(1).max(50).default(3),
  /** Optimisation steps. */
  steps: z.number().int().min(1).max(1_000_000).default(200),
  /** Examples per step. */
  batchSize: z.number().int().min(1).max(1024).default(8),
  lr: z.number().gt(0).max(1).default(1e-4),
  /** Prompt + response tokens per example at most (and at most the model's context); the prompt is cut first. */
  maxTokens: z.number().int().min(2).max(4096).default(128),
  /** Fraction of prompts held out for the held-out loss (split by prompt; prompts of the "eval" split always are). */
  heldOutFraction: z.number().min(0).max(0.5).default(0.1),
  /** Held-out loss every this many steps (and at the end). */
  evalEvery: z.number().int().min(1).max(100_000).default(25),
  /** Checkpoint (for resume) every this many steps. */
  checkpointEvery: z.number().int().min(1).max(100_000).default(25),
  /** Make the new policy the active one when the job succeeds. */
  activate: z.boolean().default(false),
  seed: ZSeed.default(1),
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
  return JOB_CONFIG_SCHEMAS[type].parse(config ?? {}) as TJobConfigs[K];
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
