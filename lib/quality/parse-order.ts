// A completion order stored in a Json column (Ranking.order / shownOrder, Comparison.goldRanking) read back: parsed
// on PostgreSQL, text on SQLite.
import { readJson } from "@/lib/db";
import { AppError } from "@/lib/errors";

export function parseOrder(value: unknown, column = "order"): string[] {
  const parsed = readJson(value);
  if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) {
    throw new AppError("INTERNAL", `A stored value is malformed: column "${column}" is not a list of ids`);
  }
  return parsed as string[];
}
