// Public surface of Podium's RLHF trainers: PPO (Ouyang et al. 2022 / TRL PPOTrainer), RLOO (Ahmadian et al. 2024 /
// TRL RLOOTrainer) and DPO (Rafailov et al. 2023),
// the interfaces they train through, their configs, adapters and checkpoint bridges.
export { trainPpo, PpoTrainer } from "./ppo";
export type { PpoState, PpoMetrics, PpoTrainerOptions, TrainPpoOptions, TrainPpoResult } from "./ppo";
export { DEFAULT_PPO_CONFIG, makePpoConfig, parsePpoConfig, ZPpoTrainerConfig } from "./ppo-config";
export type { PpoConfig, PpoConfigOverrides } from "./ppo-config";
export { trainRloo, RlooTrainer } from "./rloo";
export type { RlooState, RlooMetrics, RlooTrainerOptions, TrainRlooOptions, TrainRlooResult } from "./rloo";
export { DEFAULT_RLOO_CONFIG, makeRlooConfig, parseRlooConfig, ZRlooTrainerConfig } from "./rloo-config";
export type { RlooConfig, RlooConfigOverrides } from "./rloo-config";
export { TRUNCATED_MODES, shapeScores, scoredByRewardModel } from "./scores";
export type { TruncatedMode } from "./scores";
export { scoreRollout } from "./rollout-scores";
export type { RolloutStats, ScoredRollout } from "./rollout-scores";
export { sampleQuality } from "./sample-quality";
export type { SampleQuality } from "./sample-quality";
export { DEFAULT_KL_CONTROLLER_CONFIG, KlController } from "./kl-controller";
export type { KlControllerConfig } from "./kl-controller";
export { trainDpo, DpoTrainer, computeReferenceLogProbs } from "./dpo";
export type { DpoState, DpoMetrics, DpoBatchMetrics, DpoTrainerOptions, TrainDpoOptions, TrainDpoResult } from "./dpo";
export { DEFAULT_DPO_CONFIG, makeDpoConfig, parseDpoConfig, ZDpoTrainerConfig } from "./dpo-config";
export type { DpoConfig } from "./dpo-config";
export { pairsFromRanking, fitPairToContext } from "./preference-pairs";
export type { PreferencePair, PairsFromRankingOptions } from "./preference-pairs";
export { SharedValueHead, SeparateValueModel } from "./value-model";
export type { ValueModel, ValueForwardOptions } from "./value-model";
export { generateResponses } from "./rollout";
export type { RolloutSampler, GenerateOptions as RolloutOptions, GeneratedResponses } from "./rollout";
export { rewardModelScorer, gptSampler } from "./reward-adapter";
export type { ScalarRewardModel, RewardModelScorerOptions } from "./reward-adapter";
export {
  ppoStateToCheckpoint,
  ppoStateFromCheckpoint,
  dpoStateToCheckpoint,
  dpoStateFromCheckpoint,
  rlooStateToCheckpoint,
  rlooStateFromCheckpoint,
} from "./checkpoint";
export type { RlToCheckpointOptions } from "./checkpoint";
export { gae, batchGae, whiten, rlooAdvantages } from "./advantages";
export { ppoPolicyLoss, clippedValueLoss } from "./ppo-loss";
export { dpoLoss } from "./dpo-loss";
export type {
  PolicyModel,
  ReferenceModel,
  PolicyForwardOptions,
  PolicyForwardResult,
  RewardFunction,
  RewardInput,
  RewardStats,
} from "./types";
export { conservativeEnsemble } from "./reward-ensemble";
export type { ConservativeEnsemble, EnsembleMember } from "./reward-ensemble";
