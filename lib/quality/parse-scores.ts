// Ranking.scores (Json, nullable) read back: the 1–7 scores by completion id, null when none were given. Parsed on
// PostgreSQL, text on SQLite.
import { readJson } from "@/lib/db";
import { AppError } from "@/lib/errors";

export function parseScores(value: unknown): Record<string, number> | null {
  const parsed = readJson(value);
  if (parsed === null) return null;
  if (typeof parsed !== "object" || parsed === undefined || Array.isArray(parsed) || !Object.values(parsed).every((v) => Number.isInteger(v))) {
    throw new AppError("INTERNAL", 'A stored value is malformed: column "scores" is not a map of scores');
  }
  return parsed as Record<string, number>;
}
