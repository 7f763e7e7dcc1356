// What the ppo and rloo jobs share: the start-up (policy, frozen reference, reward, encoded prompts), the trainer
// inputs and the finished policy version, the reward (one reward model, or a conservative ensemble), the truncation
// settings from the job config, the tokenizer's newline tokens (for the newlineRate metric), the rollout metrics each
// step records, and the job-log warning when the reward model shaped too few of a step's rollouts.
import { DEFAULT_MISSING_EOS_PENALTY, loadRlPrompts, type TPromptSelector } from "@/lib/jobs";
import { findModelVersion } from "@/lib/models";
import { conservativeEnsemble, gptSampler, rewardModelScorer, type RewardFunction, type RewardStats, type RolloutStats, type TruncatedMode } from "@/lib/ml/rl";
import type { Checkpoint } from "@/lib/ml/checkpoint";
import { Gpt } from "@/lib/ml/model/gpt";
import type { Tokenizer } from "@/lib/ml/tokenizer";
import { yieldIfDue } from "@/lib/ml/train/state";
import { PermanentJobError, type JobContext } from "../job-context";
import type { FinishedModel } from "../handlers/run-trainer";
import { loadPolicy, loadRewardModel, type LoadedPolicy } from "./load-models";
import { encodePrompt } from "./text";

export interface RlReward {
  reward: RewardFunction;
  /** The trainer's normalisation (an ensemble's scores are already normalised: {0, 1}). */
  rewardStats: RewardStats;
  /** Mean disagreement (std of the members' normalised scores) of the last scored batch; null without an ensemble. */
  disagreement(): number | null;
  /** Reward model versions used, the first being the main one. */
  versionIds: string[];
  dispose(): void;
}

/**
 * The main reward model (`primary`), and with `ensembleIds` the conservative ensemble of it and those: every model
 * must use the policy's tokenizer.
 */
export async function loadRlReward(options: {
  ctx: Pick<JobContext, "db" | "store">;
  primary: { id: string; name: string; artifactKey: string };
  ensembleIds: readonly string[];
  disagreementPenalty: number;
  tokenizer: Tokenizer;
  policyName: string;
}): Promise<RlReward> {
  const { ctx, primary, ensembleIds, disagreementPenalty, tokenizer, policyName } = options;
  const versions = [primary];
  for (const id of ensembleIds) {
    const v = await findModelVersion({ db: ctx.db, kind: "REWARD", id });
    if (!v) throw new PermanentJobError(`No reward model version ${id}`);
    versions.push(v);
  }
  const loaded: Awaited<ReturnType<typeof loadRewardModel>>[] = [];
  const dispose = () => loaded.forEach((l) => l.model.dispose());
  try {
    for (const v of versions) {
      const rm = await loadRewardModel({ store: ctx.store, key: v.artifactKey });
      loaded.push(rm);
      if (JSON.stringify(rm.tokenizer.toJSON()) !== JSON.stringify(tokenizer.toJSON())) {
        throw new PermanentJobError(`Reward model ${v.name} uses a different tokenizer than policy ${policyName}`);
      }
    }
  } catch (err) {
    dispose();
    throw err;
  }
  const scorers = loaded.map((rm) => ({ reward: rewardModelScorer({ rewardModel: rm.model, padId: tokenizer.padId }), stats: rm.normalisation }));
  const versionIds = versions.map((v) => v.id);
  const [main] = scorers;
  if (scorers.length === 1 && main) return { reward: main.reward, rewardStats: main.stats, disagreement: () => null, versionIds, dispose };
  const ensemble = conservativeEnsemble({ members: scorers, coef: disagreementPenalty });
  return { reward: ensemble.reward, rewardStats: { mean: 0, std: 1 }, disagreement: ensemble.lastDisagreement, versionIds, dispose };
}

/** Below this share of rollouts scored by the reward model, a step writes a warning to the job log. */
export const REWARD_MODEL_SHARE_WARNING = 0.5;
/** After the first warning, at most one every this many steps. */
const WARNING_EVERY = 10;

export function truncationOf(config: { truncated: TruncatedMode; missingEosPenalty?: number }): { truncated: TruncatedMode; truncatedPenalty: number } {
  if (config.truncated === "score") return { truncated: "score", truncatedPenalty: 0 };
  const penalty = config.missingEosPenalty ?? DEFAULT_MISSING_EOS_PENALTY[config.truncated];
  return { truncated: config.truncated, truncatedPenalty: -penalty };
}

/** Ids of the ordinary tokens whose text contains a line break. */
export function newlineTokenIds(tokenizer: Tokenizer): Set<number> {
  const ids = new Set<number>();
  for (let id = 0; id < tokenizer.eosId; id++) if (tokenizer.decode([id]).includes("\n")) ids.add(id);
  return ids;
}

/** Job metrics of one rollout batch (names as the README lists them). */
export function rolloutMetrics(stats: RolloutStats): Record<string, number> {
  return {
    reward: stats.rewardRaw,
    rewardNormalised: stats.rewardNormalised,
    score: stats.score,
    rewardModelShare: stats.rewardModelShare,
    eosFraction: stats.eosFraction,
    responseLength: stats.responseLength,
    distinct1: stats.distinct1,
    distinct2: stats.distinct2,
    newlineRate: stats.newlineRate,
    repetitionRate: stats.repetitionRate,
  };
}

/** A reporter that warns in the job log when the reward model shaped fewer than half of a step's rollouts. */
export function rewardModelShareWarner(ctx: Pick<JobContext, "log">): (step: number, stats: RolloutStats) => void {
  let lastWarned: number | null = null;
  return (step, stats) => {
    if (stats.rewardModelShare >= REWARD_MODEL_SHARE_WARNING) return;
    if (lastWarned !== null && step - lastWarned < WARNING_EVERY) return;
    lastWarned = step;
    ctx.log(
      `step ${step}: the reward model scored only ${(stats.rewardModelShare * 100).toFixed(0)} % of the rollouts ` +
        `(EOS rate ${(stats.eosFraction * 100).toFixed(0)} %); the others got the fixed missing-EOS penalty — ` +
        `use truncated "score-plus-penalty" or raise sampling.maxTokens`,
      "warn",
    );
  };
}

/** Prompts the rollouts draw from (the newest ones when there are more). */
export const MAX_RL_PROMPTS = 5_000;

/** Largest divisor of n that is at most `cap` (the minibatch must divide the rollout batch). */
export function miniBatchFor(n: number, cap: number): number {
  for (let m = Math.min(n, cap); m > 1; m--) if (n % m === 0) return m;
  return 1;
}

/** The job-config fields PPO and RLOO share (see ZPpoConfig and ZRlooConfig). */
export interface RlJobConfig {
  policyId?: string | undefined;
  rewardModelId?: string | undefined;
  projectIds?: string[] | undefined;
  /** Narrows the prompts (train split only, always). */
  prompts?: TPromptSelector | undefined;
  ensembleRewardModelIds: string[];
  disagreementPenalty: number;
  sampling: { temperature: number; maxTokens: number };
}

/** Everything a PPO or RLOO run needs before its first step; `dispose` frees the models. */
export interface RlSetup {
  policyVersion: { id: string; name: string };
  rewardVersion: { id: string; name: string };
  policy: LoadedPolicy;
  reference: Gpt;
  rewards: RlReward;
  promptCount: number;
  /** Encoded prompts, cut from the left to leave room for `maxNewTokens`. */
  promptIds: number[][];
  /** sampling.maxTokens, capped at half the context. */
  maxNewTokens: number;
  dispose(): void;
}

/**
 * The starting policy (also the frozen reference), the reward model (or ensemble) and the encoded prompts of a PPO
 * or RLOO job, with the failures an admin can fix named.
 */
export async function prepareRlJob(ctx: JobContext, config: RlJobConfig, trainer: "PPO" | "RLOO"): Promise<RlSetup> {
  const policyVersion = await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.policyId });
  if (!policyVersion) throw new PermanentJobError("No policy version to fine-tune (run pretrain or activate one)");
  const rewardVersion = await findModelVersion({ db: ctx.db, kind: "REWARD", id: config.rewardModelId });
  if (!rewardVersion) throw new PermanentJobError("No reward model version yet: run a reward job first");
  if (config.sampling.temperature <= 0) throw new PermanentJobError(`${trainer} needs sampling.temperature > 0`);
  // The train split only (eval prompts are held out), narrowed by the job's prompt selector and projects.
  const prompts = await loadRlPrompts({ db: ctx.db, selector: config.prompts, projectIds: config.projectIds, limit: MAX_RL_PROMPTS });
  if (prompts.length === 0) throw new PermanentJobError("No train-split prompts to roll out on: import prompts first (or widen config.prompts)");

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const reference = Gpt.fromWeights({ config: policy.modelConfig, weights: await policy.model.exportWeights() });
  let rewards: RlReward | null = null;
  try {
    rewards = await loadRlReward({
      ctx,
      primary: rewardVersion,
      ensembleIds: config.ensembleRewardModelIds,
      disagreementPenalty: config.disagreementPenalty,
      tokenizer: policy.tokenizer,
      policyName: policyVersion.name,
    });
    if (rewards.versionIds.length > 1) {
      ctx.log(`conservative reward: mean − ${config.disagreementPenalty}·std over ${rewards.versionIds.length} reward models`);
    }
    // Prompt and response share the context: responses get at most half of it.
    const { blockSize } = policy.modelConfig;
    const maxNewTokens = Math.min(config.sampling.maxTokens, Math.floor(blockSize / 2));
    if (maxNewTokens < config.sampling.maxTokens) ctx.log(`sampling.maxTokens capped at ${maxNewTokens} (half the context)`, "warn");
    const maxPrompt = blockSize - maxNewTokens;
    const promptIds: number[][] = [];
    for (const p of prompts) {
      await yieldIfDue(ctx.signal);
      promptIds.push(encodePrompt(policy.tokenizer, p.text).slice(-maxPrompt));
    }
    const loadedRewards = rewards;
    return {
      policyVersion,
      rewardVersion,
      policy,
      reference,
      rewards: loadedRewards,
      promptCount: prompts.length,
      promptIds,
      maxNewTokens,
      dispose: () => {
        policy.model.dispose();
        reference.dispose();
        loadedRewards.dispose();
      },
    };
  } catch (err) {
    policy.model.dispose();
    reference.dispose();
    rewards?.dispose();
    throw err;
  }
}

/** The version metrics of a finished PPO or RLOO run (its last step's rollout figures). */
export function rlRunMetrics(options: {
  steps: number;
  last: (RolloutStats & { kl: number; entropy: number }) | null;
  rewardModelId: string;
}): { steps: number; reward: number | null; kl: number | null; entropy: number | null; responseLength: number | null; eosFraction: number | null; rewardModelShare: number | null; rewardModelId: string } {
  const { last } = options;
  return {
    steps: options.steps,
    reward: last?.rewardRaw ?? null,
    kl: last?.kl ?? null,
    entropy: last?.entropy ?? null,
    responseLength: last?.responseLength ?? null,
    eosFraction: last?.eosFraction ?? null,
    rewardModelShare: last?.rewardModelShare ?? null,
    rewardModelId: options.rewardModelId,
  };
}

/** What trainPpo and trainRloo take alike from a prepared run. */
export function rlTrainInputs(rl: RlSetup) {
  const { model, tokenizer } = rl.policy;
  return {
    policy: model,
    reference: rl.reference,
    reward: rl.rewards.reward,
    sampler: gptSampler({ model }),
    prompts: rl.promptIds,
    newlineIds: newlineTokenIds(tokenizer),
    eosId: tokenizer.eosId,
    padId: tokenizer.padId,
  };
}

/** The options of the trainer's checkpoint function for the finished policy (weights only, parent and reward model named). */
export function rlPolicyArtifactOptions(rl: RlSetup) {
  return {
    modelConfig: rl.policy.modelConfig,
    tokenizer: rl.policy.tokenizer.toJSON(),
    weightsOnly: true,
    extra: { parent: rl.policyVersion.id, rewardModel: rl.rewardVersion.id },
  };
}

/** The finished POLICY version of a PPO or RLOO run. */
export function rlFinishedPolicy(options: {
  rl: RlSetup;
  config: { name?: string | undefined; activate: boolean };
  trainerConfig: object;
  result: { steps: number; lastMetrics: (RolloutStats & { kl: number; entropy: number }) | null };
  artifact: Checkpoint;
}): FinishedModel {
  const { rl, config, trainerConfig, result, artifact } = options;
  const rewardModelId = rl.rewardVersion.id;
  return {
    artifact,
    metrics: rlRunMetrics({ steps: result.steps, last: result.lastMetrics, rewardModelId }),
    version: {
      kind: "POLICY",
      name: config.name,
      parentId: rl.policyVersion.id,
      config: { job: config, trainer: trainerConfig, rewardModelId, rewardModelIds: rl.rewards.versionIds },
      activate: config.activate,
    },
  };
}
