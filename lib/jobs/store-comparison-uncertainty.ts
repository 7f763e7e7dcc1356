// Worker: writes Comparison.uncertainty (the reward ensemble's disagreement) for scored comparisons, in transactions
// of a few hundred updates by primary key.
import type { Db } from "@/lib/db";

export interface StoreComparisonUncertaintyOptions {
  db: Db;
  scores: { comparisonId: string; uncertainty: number }[];
}

const CHUNK = 200;

export async function storeComparisonUncertainty({ db, scores }: StoreComparisonUncertaintyOptions): Promise<number> {
  let stored = 0;
  for (let from = 0; from < scores.length; from += CHUNK) {
    const chunk = scores.slice(from, from + CHUNK);
    const done = await db.$transaction(
      chunk.map((s) => db.comparison.updateMany({ where: { id: s.comparisonId }, data: { uncertainty: s.uncertainty } })),
    );
    stored += done.reduce((a, d) => a + d.count, 0);
  }
  return stored;
}
