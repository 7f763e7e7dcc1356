// Kendall's τ-b between two score vectors over the same items, ties allowed (Kendall 1945, "The treatment of ties in
// ranking problems"): τ_b = (n_c − n_d) / √((n_0 − n_1)(n_0 − n_2)), n_0 the item pairs, n_1 and n_2 the pairs tied
// in x and in y. For strict orders it equals τ-a = 2·(pairwise agreement) − 1.

/** τ-b of x and y (same length, same items); null when either is constant (or there are fewer than two items). */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new Error(`kendallTauB: lengths differ (${x.length} and ${y.length})`);
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  let pairs = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      pairs++;
      const dx = Math.sign((x[i] as number) - (x[j] as number));
      const dy = Math.sign((y[i] as number) - (y[j] as number));
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return denominator === 0 ? null : (concordant - discordant) / denominator;
}
