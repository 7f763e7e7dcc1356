// Public surface of LM pretraining (the run script lives in ./run.ts).
export { pretrain, heldOutLoss, DEFAULT_PRETRAIN_CONFIG } from "./train-lm";
export type { PretrainConfig, PretrainMetrics, PretrainOptions, PretrainResult } from "./train-lm";
export { lmLoss } from "./lm-loss";
export type { LmBatch } from "./lm-loss";
