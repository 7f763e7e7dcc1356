// Each ranking's agreement with the consensus of the comparison's other rankings (leave-one-out), so a labeler is
// never compared with a consensus they shaped: the share of item pairs ordered as that consensus (0..1).
// Runs for every comparison whose rankings change (lib/quality/refresh-stale-quality), so with ranked pairs over
// rankings of the same items the votes are tallied once and each ranking's own are taken back out, instead of a
// tally of the others per ranking.
import { pairwiseAgreement } from "./agreement";
import { addVotes, consensusOrder, rankedPairsOrder, rankVector, tally, type ConsensusMethod } from "./consensus";
import { orderOf, type Ranked } from "./ranked";

/** One figure per ranking, in the same order; null for a ranking with no other ranking beside it. */
export function leaveOneOutAgreement({ rankings, method = "ranked-pairs" }: { rankings: readonly Ranked[]; method?: ConsensusMethod }): (number | null)[] {
  if (rankings.length < 2) return rankings.map(() => null);
  if (method === "ranked-pairs" && sameItems(rankings)) {
    const { items, w } = tally(rankings);
    const index = new Map(items.map((id, i) => [id, i]));
    return rankings.map((ranking) => {
      const rank = rankVector(index, ranking);
      const others = w.slice();
      addVotes(others, rank, -1);
      return agreementWithOrder(rank, rankedPairsOrder(items.length, others));
    });
  }
  return rankings.map((ranking, i) => {
    const others = rankings.filter((_, k) => k !== i);
    return pairwiseAgreement(ranking, consensusOrder({ rankings: others, method }).order);
  });
}

/** Whether every ranking orders the same items, each once (then the others' consensus covers the same items). */
function sameItems(rankings: readonly Ranked[]): boolean {
  const first = new Set(orderOf(rankings[0] as Ranked));
  return rankings.every((r) => {
    const order = orderOf(r);
    return order.length === first.size && new Set(order).size === first.size && order.every((id) => first.has(id));
  });
}

/**
 * pairwiseAgreement (./agreement) of a ranking of every item, as ranks by item index, with a strict order of the same
 * items (item indexes, best first): the share of pairs in the same order, a pair the ranking ties counting half.
 */
function agreementWithOrder(rank: Float64Array, order: number[]): number | null {
  const n = rank.length;
  const position = new Int32Array(n);
  order.forEach((item, i) => (position[item] = i));
  let agree = 0;
  let pairs = 0;
  for (let x = 0; x < n; x++) {
    for (let y = x + 1; y < n; y++) {
      pairs++;
      const sa = Math.sign((rank[x] as number) - (rank[y] as number));
      const sb = Math.sign((position[x] as number) - (position[y] as number));
      if (sa === sb) agree++;
      else if (sa === 0) agree += 0.5;
    }
  }
  return pairs === 0 ? null : agree / pairs;
}
