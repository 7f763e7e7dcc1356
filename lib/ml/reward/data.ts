// Ranking data for reward-model training: one prompt with K ≥ 2 tokenised completions ordered best → worst,
// the held-out split by prompt (no prompt in both sets), and right-padded batches with a PAD distinct from EOS.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../sampling/rng";

export interface RankingExample {
  /** Completions that share a prompt share this id; the held-out split never separates them. */
  promptId: string;
  /** Full sequences (prompt + completion, typically ending in EOS), best first. */
  sequences: number[][];
  /** The rank of each sequence when some tie (tied ones share a rank); absent for a strict order. */
  ranks?: number[];
}

export interface RewardBatch {
  /** [N, T] int32, right-padded with PAD. */
  ids: tf.Tensor;
  /** Real length of every row. */
  lengths: number[];
  /** Per ranking: row indices, best first. */
  rankings: number[][];
  /** Per ranking: the ranks of its rows when some tie, else null. */
  ranks: (number[] | null)[];
}

/** Splits by prompt: a seeded shuffle of the distinct prompt ids, the first `valFraction` of them held out. */
export function splitByPrompt(options: { examples: RankingExample[]; valFraction: number; seed: number }): {
  train: RankingExample[];
  val: RankingExample[];
} {
  const { examples, valFraction, seed } = options;
  const ids = new Rng(seed).shuffle([...new Set(examples.map((e) => e.promptId))].sort());
  const nVal = Math.min(ids.length - 1, Math.round(ids.length * valFraction));
  const valIds = new Set(ids.slice(0, Math.max(0, nVal)));
  return {
    train: examples.filter((e) => !valIds.has(e.promptId)),
    val: examples.filter((e) => valIds.has(e.promptId)),
  };
}

/** Flattens rankings into one right-padded batch; sequences longer than maxLength keep their last tokens. */
export function makeRewardBatch(options: { examples: RankingExample[]; padId: number; maxLength: number }): RewardBatch {
  const { examples, padId, maxLength } = options;
  const rows: number[][] = [];
  const rankings: number[][] = [];
  const ranks: (number[] | null)[] = [];
  for (const ex of examples) {
    if (ex.ranks && ex.ranks.length !== ex.sequences.length) throw new Error(`ranks for ${ex.promptId} do not match its sequences`);
    ranks.push(ex.ranks ?? null);
    if (ex.sequences.length < 2) throw new Error(`ranking for ${ex.promptId} has fewer than two completions`);
    rankings.push(ex.sequences.map((seq) => {
      if (seq.length === 0) throw new Error(`empty sequence for ${ex.promptId}`);
      rows.push(seq.length > maxLength ? seq.slice(seq.length - maxLength) : seq);
      return rows.length - 1;
    }));
  }
  const t = Math.max(...rows.map((r) => r.length));
  const flat = new Int32Array(rows.length * t).fill(padId);
  rows.forEach((r, i) => flat.set(r, i * t));
  return { ids: tf.tensor2d(flat, [rows.length, t], "int32"), lengths: rows.map((r) => r.length), rankings, ranks };
}
