// Public surface of supervised fine-tuning: the trainer, its config, examples, loss and checkpoint bridge.
export { SftTrainer, trainSft } from "./sft";
export type { SftMetrics, SftState, SftTrainerOptions, TrainSftOptions, TrainSftResult } from "./sft";
export { DEFAULT_SFT_CONFIG, makeSftConfig, parseSftConfig, ZSftTrainerConfig } from "./sft-config";
export type { SftConfig } from "./sft-config";
export { toSftExample } from "./sft-example";
export type { SftExample, ToSftExampleOptions } from "./sft-example";
export { maskedNll, responseTokens, sftLoss } from "./sft-loss";
export { sftStateFromCheckpoint, sftStateToCheckpoint } from "./checkpoint";
export type { SftToCheckpointOptions } from "./checkpoint";
