// Sample-quality statistics of a batch of rollouts, on token ids: distinct-n (Li et al. 2016, "A Diversity-Promoting
// Objective Function for Neural Conversation Models": unique n-grams / all n-grams over the batch), the share of
// newline tokens, and the repetition rate (share of a response's 3-grams that already occurred earlier in the same
// response — degenerate loops, or padding with newlines and quotes, raise it). EOS is not counted as a token.

export interface SampleQuality {
  /** Unique unigrams / unigrams over the batch (0 when there are no tokens). */
  distinct1: number;
  /** Unique bigrams / bigrams over the batch. */
  distinct2: number;
  /** Share of tokens that are newline tokens. */
  newlineRate: number;
  /** Share of 3-grams that repeat an earlier 3-gram of the same response. */
  repetitionRate: number;
}

export interface SampleQualityOptions {
  responses: readonly (readonly number[])[];
  eosId: number;
  /** Token ids whose text contains a newline (empty: newlineRate is 0). */
  newlineIds?: ReadonlySet<number>;
}

const REPEAT_N = 3;

export function sampleQuality(options: SampleQualityOptions): SampleQuality {
  const { eosId, newlineIds = new Set<number>() } = options;
  const bodies = options.responses.map((r) => r.filter((t) => t !== eosId));
  const unigrams = new Set<number>();
  const bigrams = new Set<string>();
  let tokens = 0;
  let pairs = 0;
  let newlines = 0;
  let grams = 0;
  let repeats = 0;
  for (const body of bodies) {
    const seen = new Set<string>();
    body.forEach((t, i) => {
      tokens += 1;
      unigrams.add(t);
      if (newlineIds.has(t)) newlines += 1;
      if (i >= 1) {
        pairs += 1;
        bigrams.add(`${body[i - 1]},${t}`);
      }
      if (i >= REPEAT_N - 1) {
        const gram = body.slice(i - REPEAT_N + 1, i + 1).join(",");
        grams += 1;
        if (seen.has(gram)) repeats += 1;
        seen.add(gram);
      }
    });
  }
  return {
    distinct1: tokens ? unigrams.size / tokens : 0,
    distinct2: pairs ? bigrams.size / pairs : 0,
    newlineRate: tokens ? newlines / tokens : 0,
    repetitionRate: grams ? repeats / grams : 0,
  };
}
