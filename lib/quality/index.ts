export { kendallTau, meanPairwiseAgreement, pairwiseAgreement, positions } from "./agreement";
export { consensusOrder, winMatrix, type Consensus, type ConsensusMethod, type ConsensusOptions } from "./consensus";
export { summariseRankings, type RankingsSummary } from "./summarise-rankings";
