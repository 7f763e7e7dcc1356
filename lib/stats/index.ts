export { getStats, median, type GetStatsOptions, type LabelerStats, type Stats } from "./get-stats";
