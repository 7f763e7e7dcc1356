export { kendallTau, meanPairwiseAgreement, pairwiseAgreement, positions } from "./agreement";
export { consensusOrder, winMatrix, type Consensus, type ConsensusMethod, type ConsensusOptions } from "./consensus";
export { summariseRankings, type RankingsSummary } from "./summarise-rankings";
export { figure, type Figure, type FigureInsufficient, type FigureValue } from "./figure";
export { kendallTauB } from "./kendall-tau-b";
export {
  addCoincidences,
  addUnit,
  alphaOf,
  bootstrapAlpha,
  emptyCoincidences,
  krippendorffAlpha,
  type AlphaMetric,
  type BootstrapAlphaOptions,
  type Coincidences,
  type KrippendorffAlphaOptions,
} from "./krippendorff-alpha";
export { leaveOneOutAgreement } from "./leave-one-out-agreement";
export { rankVector } from "./rank-vector";
export { orderOf, rankGroups, ranksOf, type Ranked } from "./ranked";
export { updateComparisonQuality, type ComparisonQuality } from "./update-comparison-quality";
export { refreshStaleQuality, scheduleQualityRefresh, REFRESH_DELAY_MS, type RefreshStaleQualityOptions } from "./refresh-stale-quality";
export { backfillQuality, type BackfillQualityOptions, type BackfillQualityResult } from "./backfill-quality";
export { parseOrder } from "./parse-order";
export { parseRanks } from "./parse-ranks";
export { parseScores } from "./parse-scores";
export {
  getProjectQuality,
  ZProjectQualityQuery,
  type AlphaFigure,
  type GetProjectQualityOptions,
  type LabelerQuality,
  type ProjectQuality,
  type TProjectQualityQuery,
} from "./get-project-quality";
export {
  listLabelerRankings,
  ZLabelerRankingsQuery,
  type LabelerRankings,
  type LabelerRankingView,
  type ListLabelerRankingsOptions,
  type TLabelerRankingsQuery,
} from "./list-labeler-rankings";
