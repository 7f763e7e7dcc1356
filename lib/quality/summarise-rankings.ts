// What the export and the stats need to know of one comparison's rankings: the consensus order, how many labelers
// put each pair that way, and how far the labelers agree with it and with each other.
import { meanPairwiseAgreement, pairwiseAgreement } from "./agreement";
import { consensusOrder, type ConsensusMethod } from "./consensus";
import { orderOf, ranksOf, type Ranked } from "./ranked";

export interface RankingsSummary {
  consensus: string[];
  /** votes(a, b): how many rankings put a above b. */
  votes: (a: string, b: string) => number;
  labelers: number;
  /** Rankings identical to the consensus order (a ranking with a tie never is). */
  exactAgreement: number;
  /** Mean over rankings of the share of pairs ordered as in the consensus (1 with a single ranking). */
  agreementWithConsensus: number;
  /** Mean pairwise agreement between labelers; null with fewer than two rankings. */
  interLabelerAgreement: number | null;
}

export function summariseRankings({ rankings, method = "ranked-pairs" }: { rankings: readonly Ranked[]; method?: ConsensusMethod }): RankingsSummary {
  const { order, wins } = consensusOrder({ rankings, method });
  const agreements = rankings.map((r) => pairwiseAgreement(r, order) ?? 1);
  // Exact: every completion at its consensus place, none tied (the consensus order is strict).
  const exactAgreement = rankings.filter((r) => {
    const rank = ranksOf(r);
    return orderOf(r).length === order.length && order.every((id, i) => rank.get(id) === i + 1);
  }).length;
  return {
    consensus: order,
    votes: (a, b) => wins.get(a)?.get(b) ?? 0,
    labelers: rankings.length,
    exactAgreement,
    agreementWithConsensus: agreements.length ? agreements.reduce((s, v) => s + v, 0) / agreements.length : 1,
    interLabelerAgreement: meanPairwiseAgreement(rankings)?.mean ?? null,
  };
}
