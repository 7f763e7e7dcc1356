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
