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
