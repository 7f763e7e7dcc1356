// Shared training pieces: AdamW, LR schedule, trainer state, cancellation, checkpoint conversion.
export { AdamW, DEFAULT_ADAMW_CONFIG } from "./adamw";
export type { AdamWConfig, AdamWState, LossPart, StepResult } from "./adamw";
export { cosineLr } from "./schedule";
export type { CosineScheduleOptions } from "./schedule";
export { stopRequested, yieldToEventLoop } from "./state";
export type { StopControl, TrainerState } from "./state";
export { toCheckpoint, fromCheckpoint } from "./checkpoint-bridge";
export type { ToCheckpointOptions } from "./checkpoint-bridge";
