// Ranking.ranks (Json, nullable) read back: the rank of each entry of the order when something ties, null for a strict
// order. Parsed on PostgreSQL, text on SQLite.
import { readJson } from "@/lib/db";
import { AppError } from "@/lib/errors";

export function parseRanks(value: unknown): number[] | null {
  const parsed = readJson(value);
  if (parsed === null) return null;
  if (!Array.isArray(parsed) || !parsed.every((r) => Number.isInteger(r))) {
    throw new AppError("INTERNAL", 'A stored value is malformed: column "ranks" is not a list of ranks');
  }
  return parsed as number[];
}
