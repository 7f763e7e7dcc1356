// A ranking as the rank of each item (1 = best), in a fixed item order: what τ-b and Krippendorff's α work on. A
// ranking with ties carries `ranks` (equal numbers tie); a strict order's ranks are its positions + 1.

/** Ranks of `items` in this ranking; an item the ranking lacks gets null. */
export function rankVector({ items, order, ranks }: { items: readonly string[]; order: readonly string[]; ranks?: readonly number[] | null }): (number | null)[] {
  const rankOf = new Map(order.map((id, i) => [id, ranks?.[i] ?? i + 1]));
  return items.map((id) => rankOf.get(id) ?? null);
}
