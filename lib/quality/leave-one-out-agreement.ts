// Each ranking's agreement with the consensus of the comparison's other rankings (leave-one-out), so a labeler is
// never compared with a consensus they shaped: the share of item pairs ordered as that consensus (0..1).
import { pairwiseAgreement } from "./agreement";
import { consensusOrder, type ConsensusMethod } from "./consensus";
import type { Ranked } from "./ranked";

/** One figure per ranking, in the same order; null for a ranking with no other ranking beside it. */
export function leaveOneOutAgreement({ rankings, method = "ranked-pairs" }: { rankings: readonly Ranked[]; method?: ConsensusMethod }): (number | null)[] {
  if (rankings.length < 2) return rankings.map(() => null);
  return rankings.map((ranking, i) => {
    const others = rankings.filter((_, k) => k !== i);
    return pairwiseAgreement(ranking, consensusOrder({ rankings: others, method }).order);
  });
}
