export { getStats, median, ZStatsQuery, type GetStatsOptions, type LabelerStats, type Stats, type TStatsQuery } from "./get-stats";
