// The ranking page's ties as data: a card may be tied with the card directly above it. From that the ranks sent with
// the ranking (1 + the number of cards strictly better; tied cards share the rank of the first), and how ties
// survive a move: a tie holds while the card above stays the same one.

/** Tied-with-above marks by completion id. */
export type TiedMarks = Record<string, boolean>;

/** The rank of every position of `order` (competition ranks, e.g. [1, 1, 3, 4, 5]). */
export function ranksFor(order: readonly string[], tied: TiedMarks): number[] {
  const ranks: number[] = [];
  order.forEach((id, i) => ranks.push(i > 0 && tied[id] ? (ranks[i - 1] as number) : i + 1));
  return ranks;
}

export function hasTies(order: readonly string[], tied: TiedMarks): boolean {
  return order.some((id, i) => i > 0 && tied[id]);
}

/** The marks after a move from `before` to `after`: a card stays tied only while the same card is above it. */
export function tiesAfterMove(before: readonly string[], after: readonly string[], tied: TiedMarks): TiedMarks {
  const kept: TiedMarks = {};
  after.forEach((id, i) => {
    const above = before[before.indexOf(id) - 1];
    if (i > 0 && tied[id] && above !== undefined && after[i - 1] === above) kept[id] = true;
  });
  return kept;
}

/** Marks from stored ranks (a ranking given back by undo). */
export function tiesFromRanks(order: readonly string[], ranks: readonly number[] | null): TiedMarks {
  const tied: TiedMarks = {};
  if (!ranks) return tied;
  order.forEach((id, i) => {
    if (i > 0 && ranks[i] === ranks[i - 1]) tied[id] = true;
  });
  return tied;
}
