export { comparisonStatus, ZComparisonStatus, type TComparisonStatus } from "./comparison-status";
export { getComparisonDetail, type ComparisonDetail, type GetComparisonDetailOptions, type PersonRef } from "./get-comparison-detail";
export { nextCursor, ZKeysetCursor, type KeysetPosition } from "./keyset-cursor";
export { listComparisons, ZListComparisonsQuery, type ComparisonListRow, type ListComparisonsOptions, type TListComparisonsQuery } from "./list-comparisons";
export { listFlags, ZListFlagsQuery, type FlagListRow, type ListFlagsOptions, type TListFlagsQuery } from "./list-flags";
export { listPrompts, ZListPromptsQuery, type ListPromptsOptions, type PromptListRow, type TListPromptsQuery } from "./list-prompts";
export { triageFlag, ZTriageFlagRequest, type TriageFlagOptions, type TriageFlagResult, type TTriageFlagRequest } from "./triage-flag";
export { updateComparison, ZUpdateComparisonRequest, type TUpdateComparisonRequest, type UpdateComparisonOptions } from "./update-comparison";
