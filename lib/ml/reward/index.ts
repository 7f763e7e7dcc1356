// Public surface of the reward model: model, losses, data helpers, trainer, checkpoint loading.
export { RewardModel } from "./reward-model";
export type { RewardForwardOptions } from "./reward-model";
export { rankingLoss, pairwiseAccuracy } from "./losses";
export type { RankingLossKind, RankingLossOptions } from "./losses";
export { splitByPrompt, makeRewardBatch } from "./data";
export type { RankingExample, RewardBatch } from "./data";
export { trainRewardModel, evaluateRewardModel, scoreExamples, DEFAULT_REWARD_TRAIN_CONFIG } from "./train-reward";
export type { RewardTrainConfig, RewardTrainOptions, RewardTrainResult, RewardEval, RewardMetrics, RewardNormalisation } from "./train-reward";
export { rewardModelFromCheckpoint } from "./from-checkpoint";
