// A ranking as the quality figures read it: a strict order (completion ids, best first), or an order with `ranks`
// (the rank of each entry, tied entries sharing one, e.g. [1, 1, 3, 4, 5]). A strict order is the case of distinct ranks.

export type Ranked = readonly string[] | { readonly order: readonly string[]; readonly ranks?: readonly number[] | null };

/** The order, best first. */
export function orderOf(ranking: Ranked): readonly string[] {
  return isOrder(ranking) ? ranking : ranking.order;
}

/** The rank of every item (1 = best; tied items share a rank). */
export function ranksOf(ranking: Ranked): Map<string, number> {
  const order = orderOf(ranking);
  const ranks = isOrder(ranking) ? null : (ranking.ranks ?? null);
  return new Map(order.map((id, i) => [id, ranks?.[i] ?? i + 1]));
}

/** The order as rank groups, best first: `[[a], [b, c], [d], [e]]` for b tied with c. */
export function rankGroups(ranking: Ranked): string[][] {
  const order = orderOf(ranking);
  const ranks = ranksOf(ranking);
  const groups: string[][] = [];
  let last: number | null = null;
  for (const id of order) {
    const rank = ranks.get(id) as number;
    if (rank === last) groups[groups.length - 1]?.push(id);
    else groups.push([id]);
    last = rank;
  }
  return groups;
}

function isOrder(ranking: Ranked): ranking is readonly string[] {
  return Array.isArray(ranking);
}
