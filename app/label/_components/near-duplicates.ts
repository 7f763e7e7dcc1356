// Completions in one comparison that say the same thing: identical once whitespace is normalised, or nearly
// identical by the Sørensen–Dice coefficient over character bigrams (linear in the text length, run once per task).

/** Dice similarity at or above this marks two completions as nearly identical. */
export const NEAR_DUPLICATE_SIMILARITY = 0.95;

export interface DuplicateMark {
  /** The other completion. */
  id: string;
  kind: "identical" | "near";
  /** 1 for identical, else the Dice coefficient of their bigrams. */
  similarity: number;
}

export function normaliseWhitespace(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const gram = text.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice coefficient of the two texts' character-bigram multisets, in [0, 1]. */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const left = bigrams(a);
  const right = bigrams(b);
  let shared = 0;
  for (const [gram, n] of left) shared += Math.min(n, right.get(gram) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/** For each completion id, the others it duplicates or nearly duplicates (empty lists left out). */
export function findNearDuplicates(
  items: { id: string; text: string }[],
  threshold = NEAR_DUPLICATE_SIMILARITY,
): Record<string, DuplicateMark[]> {
  const normal = items.map((item) => ({ id: item.id, text: normaliseWhitespace(item.text) }));
  const marks: Record<string, DuplicateMark[]> = {};
  const add = (from: string, mark: DuplicateMark) => (marks[from] ??= []).push(mark);
  for (let i = 0; i < normal.length; i++) {
    for (let j = i + 1; j < normal.length; j++) {
      const a = normal[i];
      const b = normal[j];
      if (!a || !b) continue;
      let mark: Omit<DuplicateMark, "id"> | null = null;
      if (a.text === b.text) mark = { kind: "identical", similarity: 1 };
      else {
        // The most bigrams two texts can share bounds their Dice coefficient: skip pairs whose lengths differ too much.
        const bound = (2 * Math.min(a.text.length - 1, b.text.length - 1)) / (a.text.length + b.text.length - 2);
        if (bound >= threshold) {
          const similarity = diceSimilarity(a.text, b.text);
          if (similarity >= threshold) mark = { kind: "near", similarity };
        }
      }
      if (mark) {
        add(a.id, { ...mark, id: b.id });
        add(b.id, { ...mark, id: a.id });
      }
    }
  }
  return marks;
}
