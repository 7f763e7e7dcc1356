// The job queue: admins enqueue, list, inspect and cancel jobs; workers claim, heartbeat, report, and finish them.
export {
  defaultJobConfigs,
  DEFAULT_MISSING_EOS_PENALTY,
  JOB_CONFIG_SCHEMAS,
  JOB_TYPES,
  parseJobConfig,
  ZDpoConfig,
  ZEnqueueJobRequest,
  ZExternalEndpoint,
  ZGenerateConfig,
  ZJobType,
  ZPpoConfig,
  ZPretrainConfig,
  ZRewardConfig,
  ZRlooConfig,
  ZSamplingConfig,
  ZSftConfig,
  type TDpoConfig,
  type TEnqueueJobRequest,
  type TExternalEndpoint,
  type TGenerateConfig,
  type TJobConfigs,
  type TJobType,
  type TPpoConfig,
  type TPretrainConfig,
  type TRewardConfig,
  type TRlooConfig,
  type TSamplingConfig,
  type TSftConfig,
} from "./job-config";
export { JOB_VIEW_SELECT, toJobView, type JobRow, type JobView } from "./job-view";
export { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, DEFAULT_RETRY_DELAY_MS } from "./lease";
export { DEFAULT_MAX_ATTEMPTS, enqueueJob, type EnqueueJobOptions } from "./enqueue-job";
export {
  enqueuePipeline,
  MAX_PIPELINE_JOBS,
  ZEnqueuePipelineRequest,
  type EnqueuePipelineOptions,
  type TEnqueuePipelineRequest,
} from "./enqueue-pipeline";
export { settleWaitingJobs, splitJobAfter, WAITING_UNTIL, ZJobAfter } from "./job-after";
export { listJobs, ZListJobsQuery, type ListJobsOptions, type TListJobsQuery } from "./list-jobs";
export { getJob, type GetJobOptions, type JobDetail, type JobLogLine, type JobMetricPoint } from "./get-job";
export { cancelJob, type CancelJobOptions } from "./cancel-job";
export { claimJob, type ClaimedJob, type ClaimJobOptions } from "./claim-job";
export { heartbeatJob, type HeartbeatJobOptions, type HeartbeatResult } from "./heartbeat-job";
export { completeJob, type CompleteJobOptions, type CompleteJobResult, type NewModelVersion } from "./complete-job";
export { failJob, type FailJobOptions } from "./fail-job";
export { releaseJob, type ReleaseJobOptions } from "./release-job";
export { markJobCancelled, type MarkJobCancelledOptions } from "./mark-job-cancelled";
export { recordJobMetrics, type MetricPoint, type RecordJobMetricsOptions } from "./record-job-metrics";
export { truncateJobMetrics, type TruncateJobMetricsOptions } from "./truncate-job-metrics";
export { appendJobLogs, type AppendJobLogsOptions, type JobLogEntry } from "./append-job-logs";
export { loadRankingData, type LoadRankingDataOptions, type RankingData } from "./load-ranking-data";
export { loadSftData, type LoadSftDataOptions, type SftDatum } from "./load-sft-data";
export { loadTrainingData, type LoadTrainingDataOptions, type TrainingDataSource } from "./load-training-data";
export { ZTrainingDataConfig, type TTrainingDataConfig } from "./training-data-config";
export {
  MAX_SELECTOR_IDS,
  MAX_SELECTOR_TAGS,
  promptSelectorWhere,
  ZPromptSelector,
  ZTrainPromptSelector,
  type TPromptSelector,
} from "./prompt-selector";
export { loadRlPrompts, type LoadRlPromptsOptions } from "./load-rl-prompts";
export { findUnknownPromptIds } from "./find-unknown-prompt-ids";
export {
  MAX_EVALUATED_VERSIONS,
  MAX_EVALUATION_PROMPTS,
  MAX_STORED_EVALUATION_PROMPTS,
  STORED_COMPLETION_CHARS,
  ZEvaluateConfig,
  ZEvaluationResult,
  type EvaluationResult,
  type EvaluationSample,
  type EvaluationVersionResult,
  type TEvaluateConfig,
} from "./evaluate-config";
export { listEvaluations, ZListEvaluationsQuery, type Evaluation, type ListEvaluationsOptions, type TListEvaluationsQuery } from "./list-evaluations";
export { selectGenerationPrompts, type SelectGenerationPromptsOptions } from "./select-generation-prompts";
export {
  storeGeneratedComparisons,
  type GeneratedPrompt,
  type StoreGeneratedComparisonsOptions,
} from "./store-generated-comparisons";
export { loadUncertaintyTargets, type LoadUncertaintyTargetsOptions, type UncertaintyTarget } from "./load-uncertainty-targets";
export { storeComparisonUncertainty, type StoreComparisonUncertaintyOptions } from "./store-comparison-uncertainty";
export { selectUncertainPrompts, type SelectUncertainPromptsOptions } from "./select-uncertain-prompts";
