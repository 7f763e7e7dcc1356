// Preference pairs for DPO from human rankings: a ranking of K responses gives all C(K,2) (chosen, rejected) pairs
// (as InstructGPT does for its reward model), and fitting a pair into the model's context (TRL's DPOTrainer truncation:
// drop prompt tokens from the left first, then cut the response's tail).

export interface PreferencePair {
  /** Prompt token ids (at least one token). */
  prompt: number[];
  /** Preferred response ids (end it with EOS to teach stopping). */
  chosen: number[];
  /** Dispreferred response ids. */
  rejected: number[];
  /** Σ log π_ref(chosen | prompt), if precomputed (computeReferenceLogProbs). */
  refChosenLogProb?: number;
  /** Σ log π_ref(rejected | prompt), if precomputed. */
  refRejectedLogProb?: number;
}

export interface PairsFromRankingOptions {
  prompt: number[];
  /** Responses ordered best first. */
  ranked: number[][];
  /** The rank of each response when some tie (tied ones share a rank); a tied pair gives no preference pair. */
  ranks?: readonly number[];
}

/** All C(K,2) ordered pairs (better, worse) of a ranking, less its tied pairs. */
export function pairsFromRanking(options: PairsFromRankingOptions): PreferencePair[] {
  const { prompt, ranked, ranks } = options;
  const pairs: PreferencePair[] = [];
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      if (ranks && (ranks[i] as number) >= (ranks[j] as number)) continue;
      pairs.push({ prompt: [...prompt], chosen: [...(ranked[i] as number[])], rejected: [...(ranked[j] as number[])] });
    }
  }
  return pairs;
}

/**
 * Trim the prompt (from the left, keeping ≥ 1 token) so the longer response fits `blockSize`, then cut each
 * response's tail if it still does not fit. Chosen and rejected keep the same prompt.
 */
export function fitPairToContext(options: { pair: PreferencePair; blockSize: number }): PreferencePair {
  const { pair, blockSize } = options;
  const longest = Math.max(pair.chosen.length, pair.rejected.length);
  const keep = Math.max(1, Math.min(pair.prompt.length, blockSize - longest));
  const prompt = pair.prompt.slice(pair.prompt.length - keep);
  const room = Math.max(0, blockSize - prompt.length);
  return { ...pair, prompt, chosen: pair.chosen.slice(0, room), rejected: pair.rejected.slice(0, room) };
}
