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
export { exportJsonl, ZExportFormat, ZExportQuery, type ExportDownload, type ExportJsonlOptions, type TExportQuery } from "./export-jsonl";
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
