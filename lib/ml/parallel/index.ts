// Data-parallel training over worker_threads: batch parts as plain data, replicas, the threads and the step.
export { buildPart, dpoPartLoss, dpoPartStats } from "./parts";
export type { BuiltPart, DpoPart, LmPart, PartOutput, PpoPart, RewardPart, SftPart, TrainModels, TrainPart } from "./parts";
export { buildReplica, replicaSpecFor } from "./replica";
export type { Replica, ReplicaSpec } from "./replica";
export { TrainThreads } from "./train-threads";
export type { ThreadGradients } from "./train-threads";
export { groupParts, parallelStep } from "./parallel-step";
export type { ParallelStepResult } from "./parallel-step";
export { TRAIN_THREADS_ENV_VAR, trainThreadsFromEnv } from "./thread-count";
export { generateOnThreads } from "./generate-parallel";
