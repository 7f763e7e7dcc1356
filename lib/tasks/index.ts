export { claimNextTask, type ClaimNextTaskOptions, type ClaimResult, type PausedProject } from "./claim-next-task";
export { checkPermutation, describePermutationProblems, type PermutationProblems } from "./check-permutation";
export { flagCompletion, ZFlagCompletionRequest, ZFlagReason, type FlagCompletionOptions, type FlagView, type TFlagCompletionRequest } from "./flag-completion";
export { getProgress, type GetProgressOptions, type Progress } from "./get-progress";
export { getTask, type GetTaskOptions, type TaskDetail } from "./get-task";
export { type TaskView } from "./load-task-view";
export { renewLease, type RenewLeaseOptions } from "./renew-lease";
export { skipTask, ZSkipTaskRequest, type SkipTaskOptions, type SkipView, type TSkipTaskRequest } from "./skip-task";
export {
  submitRanking,
  ZIdempotencyKey,
  ZSubmitRankingRequest,
  type RankingView,
  type SubmitRankingOptions,
  type SubmitRankingResult,
  type TSubmitRankingRequest,
} from "./submit-ranking";
export {
  repairTaskSlots,
  type RepairTaskSlotsOptions,
  type RepairTaskSlotsResult,
  type SlotCounters,
  type SlotRepair,
} from "./repair-task-slots";
export {
  undoRanking,
  ZUndoRankingRequest,
  type TUndoRankingRequest,
  type UndoRankingOptions,
  type UndoRankingResult,
  type UndoRefusal,
} from "./undo-ranking";
export { getMyStats, type GetMyStatsOptions, type GoldScore, type MyStats } from "./get-my-stats";
