export {
  COMPLETIONS_PER_COMPARISON,
  importPromptItems,
  importPrompts,
  normalisePromptText,
  parseImportBody,
  ZImportItem,
  ZImportOptions,
  type ImportLineResult,
  type ImportReport,
  type TImportItem,
} from "./import-prompts";
export {
  exportJsonl,
  parseExportSearchParams,
  ZExportFormat,
  ZExportQuery,
  type ExportCounts,
  type ExportDownload,
  type ExportJsonlOptions,
  type TExportQuery,
} from "./export-jsonl";
export {
  FILTER_PARAMS,
  filterProjectIds,
  filtersFromSearchParams,
  filtersToJson,
  rangeEnd,
  rangeStart,
  ZExportFilters,
  type TExportFilters,
  type TExportFiltersInput,
} from "./export-filters";
export { buildExportWhere, type BuildExportWhereOptions, type ExportWhere } from "./export-where";
export { consensusPairwiseRows, eventRows, listwiseRow, pairwiseRows, type EventRow, type ListwiseRow, type PairwiseRow } from "./export-rows";
export { rankedComparisons, type ExportComparison, type ExportRanking, type RankedComparisonsOptions } from "./export-source";
export {
  importDemonstrationItems,
  importDemonstrations,
  ZDemonstrationItem,
  type DemonstrationImportReport,
  type DemonstrationLineResult,
  type TDemonstrationItem,
} from "./import-demonstrations";
export {
  listDemonstrations,
  ZListDemonstrationsQuery,
  type DemonstrationPage,
  type DemonstrationView,
  type TListDemonstrationsQuery,
} from "./list-demonstrations";
export { createExportSnapshot, ZCreateSnapshotRequest, type CreateExportSnapshotOptions, type TCreateSnapshotRequest } from "./create-export-snapshot";
export { listExportSnapshots, ZListSnapshotsQuery, type ListExportSnapshotsOptions, type TListSnapshotsQuery } from "./list-export-snapshots";
export { getExportSnapshot, type GetExportSnapshotOptions } from "./get-export-snapshot";
export { downloadExportSnapshot, type DownloadExportSnapshotOptions, type SnapshotDownload } from "./download-export-snapshot";
export { ZSnapshotCounts, ZSnapshotOptions, ZStoredSnapshotSettings, type SnapshotManifest, type TSnapshotOptions } from "./export-snapshot-view";
export { snapshotLines, snapshotParts } from "./snapshot-content";
export { listProjectChoices, type ListProjectChoicesOptions } from "./list-project-choices";
