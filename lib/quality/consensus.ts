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

/**
 * The items of the rankings (sorted ids) and their pairwise win counts as a dense matrix: `w[a * n + b]` rankings put
 * item a above item b (indexes into `items`). Every figure here reads it; the Map form is for callers.
 */
export interface Tally {
  items: string[];
  w: Float64Array;
}

export function tally(rankings: readonly Ranked[]): Tally {
  const itemSet = new Set<string>();
  for (const r of rankings) for (const id of orderOf(r)) itemSet.add(id);
  const items = [...itemSet].sort();
  const index = new Map(items.map((id, i) => [id, i]));
  const w = new Float64Array(items.length * items.length);
  for (const r of rankings) addVotes(w, rankVector(index, r), 1);
  return { items, w };
}

/** A ranking's rank of each item, by item index (0: the ranking leaves the item out). */
export function rankVector(index: ReadonlyMap<string, number>, ranking: Ranked): Float64Array {
  const vector = new Float64Array(index.size);
  for (const [id, rank] of ranksOf(ranking)) vector[index.get(id) as number] = rank;
  return vector;
}

/** Adds (sign 1) or takes away (−1) one ranking's votes: a above b for every pair of its items it orders. */
export function addVotes(w: Float64Array, rank: Float64Array, sign: number): void {
  const n = rank.length;
  for (let a = 0; a < n; a++) {
    const ra = rank[a] as number;
    if (ra === 0) continue;
    for (let b = 0; b < n; b++) {
      const rb = rank[b] as number;
      if (rb === 0 || ra >= rb) continue;
      w[a * n + b] = (w[a * n + b] as number) + sign;
    }
  }
}

export function winMatrix(rankings: readonly Ranked[]): { items: string[]; wins: Map<string, Map<string, number>> } {
  const { items, w } = tally(rankings);
  return { items, wins: winsMap(items, w) };
}

function winsMap(items: string[], w: Float64Array): Map<string, Map<string, number>> {
  const n = items.length;
  return new Map(items.map((a, i) => [a, new Map(items.flatMap((b, j) => (i === j ? [] : [[b, w[i * n + j] as number] as const])))]));
}

/** Borda position of each item (pairwise wins summed, most first; then the id): the tie-break of both methods. */
function bordaPositions(n: number, w: Float64Array): Int32Array {
  const score = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let sum = 0;
    for (let b = 0; b < n; b++) if (a !== b) sum += w[a * n + b] as number;
    score[a] = sum;
  }
  // Items are sorted by id, so the index breaks ties as the id does.
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => (score[b] as number) - (score[a] as number) || a - b);
  const position = new Int32Array(n);
  sorted.forEach((item, i) => (position[item] = i));
  return position;
}

export function consensusOrder({ rankings, method = "ranked-pairs" }: ConsensusOptions): Consensus {
  const { items, w } = tally(rankings);
  const wins = winsMap(items, w);
  if (method === "bradley-terry") return bradleyTerry(items, w, wins);
  return { order: rankedPairsOrder(items.length, w).map((i) => items[i] as string), wins };
}

/** Ranked pairs over a tally: the consensus order as item indexes, best first. */
export function rankedPairsOrder(n: number, w: Float64Array): number[] {
  const borda = bordaPositions(n, w);
  const majorities: { winner: number; loser: number; margin: number; support: number }[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const ab = w[a * n + b] as number;
      const ba = w[b * n + a] as number;
      if (ab > ba) majorities.push({ winner: a, loser: b, margin: ab - ba, support: ab });
    }
  }
  majorities.sort(
    (x, y) =>
      y.margin - x.margin ||
      y.support - x.support ||
      (borda[x.winner] as number) - (borda[y.winner] as number) ||
      (borda[x.loser] as number) - (borda[y.loser] as number),
  );
  const locked = new Uint8Array(n * n);
  const seen = new Uint8Array(n);
  const reaches = (from: number, to: number): boolean => {
    seen.fill(0);
    const stack = [from];
    while (stack.length) {
      const node = stack.pop() as number;
      if (node === to) return true;
      if (seen[node]) continue;
      seen[node] = 1;
      for (let next = 0; next < n; next++) if (locked[node * n + next]) stack.push(next);
    }
    return false;
  };
  for (const m of majorities) {
    if (!reaches(m.loser, m.winner)) locked[m.winner * n + m.loser] = 1;
  }
  // Topological order of the locked graph; among sources, the Borda order decides.
  const indegree = new Int32Array(n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (locked[a * n + b]) indegree[b] = (indegree[b] as number) + 1;
  const done = new Uint8Array(n);
  const order: number[] = [];
  for (let k = 0; k < n; k++) {
    let next = -1;
    for (let a = 0; a < n; a++) {
      if (!done[a] && indegree[a] === 0 && (next < 0 || (borda[a] as number) < (borda[next] as number))) next = a;
    }
    order.push(next);
    done[next] = 1;
    for (let b = 0; b < n; b++) if (locked[next * n + b]) indegree[b] = (indegree[b] as number) - 1;
  }
  return order;
}

function bradleyTerry(items: string[], w: Float64Array, wins: Map<string, Map<string, number>>, iterations = 200, prior = 0.1): Consensus {
  const n = items.length;
  let p = new Float64Array(n).fill(1);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      let won = 0;
      let denom = 0;
      for (let b = 0; b < n; b++) {
        if (a === b) continue;
        const ab = (w[a * n + b] as number) + prior;
        const ba = (w[b * n + a] as number) + prior;
        won += ab;
        denom += (ab + ba) / ((p[a] as number) + (p[b] as number));
      }
      next[a] = denom > 0 ? won / denom : 1;
    }
    const total = next.reduce((sum, v) => sum + v, 0);
    p = next.map((v) => (v * n) / total);
  }
  const borda = bordaPositions(n, w);
  const order = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => (p[b] as number) - (p[a] as number) || (borda[a] as number) - (borda[b] as number))
    .map((i) => items[i] as string);
  return { order, wins, strengths: new Map(items.map((id, i) => [id, p[i] as number])) };
}
