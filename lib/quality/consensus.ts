// Consensus order of several rankings of the same items. Ranked pairs (Tideman 1987, "Independence of clones as a
// criterion for voting rules"): lock the pairwise majorities strongest first unless one would close a cycle; it is
// deterministic and picks the Condorcet winner when there is one. Bradley-Terry (1952) strengths fitted with the MM
// algorithm of Hunter (2004), with a small symmetric prior so unanimous pairs stay finite, as the alternative.
// A ranking with ties (lib/quality/ranked) votes only on the pairs it orders: a tied pair adds no win to either side,
// so both methods skip it.
import { orderOf, ranksOf, type Ranked } from "./ranked";

export type ConsensusMethod = "ranked-pairs" | "bradley-terry";

export interface Consensus {
  /** Item ids, best first. */
  order: string[];
  /** wins.get(a)?.get(b): how many rankings put a above b. */
  wins: Map<string, Map<string, number>>;
  /** Bradley-Terry strengths (summing to the number of items), only for that method. */
  strengths?: Map<string, number>;
}

export interface ConsensusOptions {
  rankings: readonly Ranked[];
  method?: ConsensusMethod;
}

export function winMatrix(rankings: readonly Ranked[]): { items: string[]; wins: Map<string, Map<string, number>> } {
  const itemSet = new Set<string>();
  for (const r of rankings) for (const id of orderOf(r)) itemSet.add(id);
  const items = [...itemSet].sort();
  const wins = new Map(items.map((a) => [a, new Map(items.filter((b) => b !== a).map((b) => [b, 0]))]));
  for (const r of rankings) {
    const rank = ranksOf(r);
    for (const a of orderOf(r)) {
      for (const b of orderOf(r)) {
        if (a !== b && (rank.get(a) as number) < (rank.get(b) as number)) {
          const row = wins.get(a) as Map<string, number>;
          row.set(b, (row.get(b) ?? 0) + 1);
        }
      }
    }
  }
  return { items, wins };
}

function winsOf(wins: Map<string, Map<string, number>>, a: string, b: string): number {
  return wins.get(a)?.get(b) ?? 0;
}

/** Borda score: pairwise wins summed; the tie-break of both methods (then the id, for determinism). */
function bordaOrder(items: string[], wins: Map<string, Map<string, number>>): Map<string, number> {
  const score = new Map(items.map((a) => [a, items.reduce((s, b) => s + (a === b ? 0 : winsOf(wins, a, b)), 0)]));
  const sorted = [...items].sort((a, b) => (score.get(b) as number) - (score.get(a) as number) || (a < b ? -1 : 1));
  return new Map(sorted.map((id, i) => [id, i]));
}

export function consensusOrder({ rankings, method = "ranked-pairs" }: ConsensusOptions): Consensus {
  const { items, wins } = winMatrix(rankings);
  if (method === "bradley-terry") return bradleyTerry(items, wins);
  return rankedPairs(items, wins);
}

function rankedPairs(items: string[], wins: Map<string, Map<string, number>>): Consensus {
  const borda = bordaOrder(items, wins);
  const majorities: { winner: string; loser: string; margin: number; support: number }[] = [];
  for (const a of items) {
    for (const b of items) {
      const ab = winsOf(wins, a, b);
      const ba = winsOf(wins, b, a);
      if (ab > ba) majorities.push({ winner: a, loser: b, margin: ab - ba, support: ab });
    }
  }
  majorities.sort(
    (x, y) =>
      y.margin - x.margin ||
      y.support - x.support ||
      (borda.get(x.winner) as number) - (borda.get(y.winner) as number) ||
      (borda.get(x.loser) as number) - (borda.get(y.loser) as number),
  );
  const locked = new Map(items.map((a) => [a, new Set<string>()]));
  const reaches = (from: string, to: string): boolean => {
    const stack = [from];
    const seen = new Set<string>();
    while (stack.length) {
      const node = stack.pop() as string;
      if (node === to) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const next of locked.get(node) ?? []) stack.push(next);
    }
    return false;
  };
  for (const m of majorities) {
    if (!reaches(m.loser, m.winner)) locked.get(m.winner)?.add(m.loser);
  }
  // Topological order of the locked graph; among sources, the Borda order decides.
  const indegree = new Map(items.map((a) => [a, 0]));
  for (const targets of locked.values()) for (const t of targets) indegree.set(t, (indegree.get(t) as number) + 1);
  const order: string[] = [];
  const remaining = new Set(items);
  while (remaining.size) {
    const next = [...remaining]
      .filter((a) => indegree.get(a) === 0)
      .sort((a, b) => (borda.get(a) as number) - (borda.get(b) as number))[0] as string;
    order.push(next);
    remaining.delete(next);
    for (const t of locked.get(next) ?? []) indegree.set(t, (indegree.get(t) as number) - 1);
  }
  return { order, wins };
}

function bradleyTerry(items: string[], wins: Map<string, Map<string, number>>, iterations = 200, prior = 0.1): Consensus {
  const n = items.length;
  let p = new Map(items.map((a) => [a, 1]));
  for (let it = 0; it < iterations; it++) {
    const next = new Map<string, number>();
    for (const a of items) {
      let w = 0;
      let denom = 0;
      for (const b of items) {
        if (a === b) continue;
        const ab = winsOf(wins, a, b) + prior;
        const ba = winsOf(wins, b, a) + prior;
        w += ab;
        denom += (ab + ba) / ((p.get(a) as number) + (p.get(b) as number));
      }
      next.set(a, denom > 0 ? w / denom : 1);
    }
    const total = [...next.values()].reduce((s, v) => s + v, 0);
    p = new Map([...next].map(([k, v]) => [k, (v * n) / total]));
  }
  const borda = bordaOrder(items, wins);
  const order = [...items].sort((a, b) => (p.get(b) as number) - (p.get(a) as number) || (borda.get(a) as number) - (borda.get(b) as number));
  return { order, wins, strengths: p };
}
