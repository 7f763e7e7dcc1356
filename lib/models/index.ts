// Model versions (policy and reward): listing with lineage, activation, resolution for jobs, sample completions,
// and the checkpoint store (database Artifact table or a directory) behind every version's artifactKey.
export { activateModelVersion, type ActivateModelVersionOptions } from "./activate-model-version";
export { createDbArtifactKv, type CreateDbArtifactKvOptions } from "./db-artifact-kv";
export { findModelVersion, type FindModelVersionOptions, type ResolvedModelVersion } from "./find-model-version";
export { getModelSamples, MAX_SAMPLE_PROMPTS, MAX_SAMPLES_PER_PROMPT, ZModelSamplesQuery, type GetModelSamplesOptions, type ModelSample, type ModelSamples, type SampleCompletion, type TModelSamplesQuery } from "./get-model-samples";
export { listModelVersions, ZListModelsQuery, type ListModelVersionsOptions, type TListModelsQuery } from "./list-model-versions";
export {
  MAX_CONCURRENT_SCORINGS,
  MAX_SCORE_COMPLETIONS,
  MAX_SCORE_COMPLETIONS_PER_ITEM,
  MAX_SCORE_ITEMS,
  MAX_SCORE_TEXT_CHARS,
  scoreCompletions,
  ZScoreRequest,
  type ScoreCompletionsOptions,
  type ScoreCompletionsResult,
  type ScoredItem,
  type TScoreRequest,
} from "./score-completions";
export { MODEL_VIEW_SELECT, toModelView, type ModelRow, type ModelView } from "./model-view";

// openCheckpointStore (./open-checkpoint-store) is imported directly by the worker: it pulls in lib/ml, which the
// web app's routes have no need to load.
