// What the ppo and rloo jobs share: the reward (one reward model, or a conservative ensemble), the truncation
// settings from the job config, the tokenizer's newline tokens (for the newlineRate metric), the rollout metrics each
// step records, and the job-log warning when the reward model shaped too few of a step's rollouts.
import { DEFAULT_MISSING_EOS_PENALTY } from "@/lib/jobs";
import { findModelVersion } from "@/lib/models";
import { conservativeEnsemble, rewardModelScorer, type RewardFunction, type RewardStats, type RolloutStats, type TruncatedMode } from "@/lib/ml/rl";
import type { Tokenizer } from "@/lib/ml/tokenizer";
import { PermanentJobError, type JobContext } from "../job-context";
import { loadRewardModel } from "./load-models";

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
