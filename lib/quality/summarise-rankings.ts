// What the export and the stats need to know of one comparison's rankings: the consensus order, how many labelers
// put each pair that way, and how far the labelers agree with it and with each other.
import { meanPairwiseAgreement, pairwiseAgreement } from "./agreement";
import { consensusOrder, type ConsensusMethod } from "./consensus";

export interface RankingsSummary {
  consensus: string[];
  /** votes(a, b): how many rankings put a above b. */
  votes: (a: string, b: string) => number;
  labelers: number;
  /** Rankings identical to the consensus order. */
  exactAgreement: number;
  /** Mean over rankings of the share of pairs ordered as in the consensus (1 with a single ranking). */
  agreementWithConsensus: number;
  /** Mean pairwise agreement between labelers; null with fewer than two rankings. */
  interLabelerAgreement: number | null;
}

export function summariseRankings({ rankings, method = "ranked-pairs" }: { rankings: readonly (readonly string[])[]; method?: ConsensusMethod }): RankingsSummary {
  const { order, wins } = consensusOrder({ rankings, method });
  const agreements = rankings.map((r) => pairwiseAgreement(r, order) ?? 1);
  const exactAgreement = rankings.filter((r) => r.length === order.length && r.every((id, i) => id === order[i])).length;
  return {
    consensus: order,
    votes: (a, b) => wins.get(a)?.get(b) ?? 0,
    labelers: rankings.length,
    exactAgreement,
    agreementWithConsensus: agreements.length ? agreements.reduce((s, v) => s + v, 0) / agreements.length : 1,
    interLabelerAgreement: meanPairwiseAgreement(rankings)?.mean ?? null,
  };
}
