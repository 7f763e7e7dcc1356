// The rows of the three export formats, built from one comparison at a time.
// pairwise: TRL's explicit-prompt preference format {prompt, chosen, rejected} (https://huggingface.co/docs/trl/
//   dataset_formats#preference) plus ids and margin = rank difference; the pairs of every ranking it orders (a tied
//   pair states no preference and is left out, or with `ties: "mark"` written with `tie: true` and margin 0), or one
//   row per pair of the consensus order (margin = consensus rank difference, votes = labelers who agree; a pair every
//   labeler tied is left out).
// listwise: the prompt with its completions in consensus order, for listwise (Plackett-Luce) reward losses, and each
//   labeler's judgment: rank groups, "none acceptable", scores.
// events: every raw ranking, with the labeler's stable pseudonym.
import { rankGroups, summariseRankings, type ConsensusMethod } from "@/lib/quality";
import type { ExportComparison, ExportRanking } from "./export-source";

/** What the pairwise format does with a pair the labeler tied: leave it out (default) or write it marked. */
export type TiedPairs = "skip" | "mark";

/** The rank of entry i of a ranking's order. */
function rankAt(r: ExportRanking, i: number): number {
  return r.ranks?.[i] ?? i + 1;
}

/** Pairs a ranking orders (tied pairs excluded): C(K,2) for a strict order. */
export function orderedPairCount(r: ExportRanking): number {
  let n = 0;
  for (let i = 0; i < r.order.length; i++) for (let j = i + 1; j < r.order.length; j++) if (rankAt(r, i) < rankAt(r, j)) n++;
  return n;
}

export interface PairwiseRow {
  prompt: string;
  chosen: string;
  rejected: string;
  prompt_id: string;
  comparison_id: string;
  chosen_id: string;
  rejected_id: string;
  margin: number;
  ranking_id?: string;
  labeler?: string;
  votes?: number;
  num_labelers?: number;
  /** Only with `ties: "mark"`: the labeler tied the two (chosen/rejected is then just the order written). */
  tie?: true;
}

export function pairwiseRows(c: ExportComparison, ties: TiedPairs = "skip"): PairwiseRow[] {
  const rows: PairwiseRow[] = [];
  for (const r of c.rankings) {
    for (let i = 0; i < r.order.length; i++) {
      for (let j = i + 1; j < r.order.length; j++) {
        const chosenId = r.order[i] as string;
        const rejectedId = r.order[j] as string;
        const margin = rankAt(r, j) - rankAt(r, i);
        if (margin === 0 && ties === "skip") continue;
        rows.push({
          prompt: c.prompt,
          chosen: c.completions.get(chosenId) ?? "",
          rejected: c.completions.get(rejectedId) ?? "",
          prompt_id: c.promptId,
          comparison_id: c.id,
          chosen_id: chosenId,
          rejected_id: rejectedId,
          margin,
          ranking_id: r.id,
          labeler: r.labeler,
          ...(margin === 0 ? { tie: true as const } : {}),
        });
      }
    }
  }
  return rows;
}

export function consensusPairwiseRows(c: ExportComparison, method: ConsensusMethod = "ranked-pairs"): PairwiseRow[] {
  if (c.rankings.length === 0) return [];
  const s = summariseRankings({ rankings: c.rankings, method });
  const rows: PairwiseRow[] = [];
  for (let i = 0; i < s.consensus.length; i++) {
    for (let j = i + 1; j < s.consensus.length; j++) {
      const chosenId = s.consensus[i] as string;
      const rejectedId = s.consensus[j] as string;
      // Every labeler tied this pair: no preference to export.
      if (s.votes(chosenId, rejectedId) === 0 && s.votes(rejectedId, chosenId) === 0) continue;
      rows.push({
        prompt: c.prompt,
        chosen: c.completions.get(chosenId) ?? "",
        rejected: c.completions.get(rejectedId) ?? "",
        prompt_id: c.promptId,
        comparison_id: c.id,
        chosen_id: chosenId,
        rejected_id: rejectedId,
        margin: j - i,
        votes: s.votes(chosenId, rejectedId),
        num_labelers: s.labelers,
      });
    }
  }
  return rows;
}

export interface ListwiseRow {
  prompt: string;
  prompt_id: string;
  comparison_id: string;
  /** Completion texts, best first (consensus). */
  completions: string[];
  completion_ids: string[];
  consensus_method: ConsensusMethod;
  num_labelers: number;
  /** Labelers whose ranking equals the consensus order exactly. */
  exact_agreement: number;
  /** Mean share of pairs each labeler ordered as the consensus does (0–1). */
  agreement: number;
  /** Mean pairwise agreement between the labelers (null with one labeler). */
  inter_labeler_agreement: number | null;
  /** Labelers who judged no completion acceptable. */
  none_acceptable: number;
  /** Mean score 1–7 of each completion (same order as `completion_ids`); null where nobody scored it. */
  mean_scores: (number | null)[];
  /** Each labeler's judgment: the order as rank groups (ids, best first; a group of several is a tie), "none acceptable", scores by id. */
  judgments: ListwiseJudgment[];
}

export interface ListwiseJudgment {
  ranking_id: string;
  labeler: string;
  rank_groups: string[][];
  none_acceptable: boolean;
  scores: Record<string, number> | null;
}

export function listwiseRow(c: ExportComparison, method: ConsensusMethod = "ranked-pairs"): ListwiseRow | null {
  if (c.rankings.length === 0) return null;
  const s = summariseRankings({ rankings: c.rankings, method });
  const meanScore = (id: string): number | null => {
    const given = c.rankings.flatMap((r) => (r.scores?.[id] === undefined ? [] : [r.scores[id]]));
    return given.length ? given.reduce((sum, v) => sum + v, 0) / given.length : null;
  };
  return {
    prompt: c.prompt,
    prompt_id: c.promptId,
    comparison_id: c.id,
    completions: s.consensus.map((id) => c.completions.get(id) ?? ""),
    completion_ids: s.consensus,
    consensus_method: method,
    num_labelers: s.labelers,
    exact_agreement: s.exactAgreement,
    agreement: s.agreementWithConsensus,
    inter_labeler_agreement: s.interLabelerAgreement,
    none_acceptable: c.rankings.filter((r) => r.noneAcceptable).length,
    mean_scores: s.consensus.map(meanScore),
    judgments: c.rankings.map((r) => ({
      ranking_id: r.id,
      labeler: r.labeler,
      rank_groups: rankGroups(r),
      none_acceptable: r.noneAcceptable,
      scores: r.scores,
    })),
  };
}

export interface EventRow {
  ranking_id: string;
  comparison_id: string;
  prompt_id: string;
  labeler: string;
  shown_order: string[];
  order: string[];
  /** Rank of each entry of `order` when something ties; null for a strict order. */
  ranks: number[] | null;
  none_acceptable: boolean;
  scores: Record<string, number> | null;
  duration_ms: number | null;
  created_at: string;
}

export function eventRows(c: ExportComparison): EventRow[] {
  return c.rankings.map((r) => ({
    ranking_id: r.id,
    comparison_id: c.id,
    prompt_id: c.promptId,
    labeler: r.labeler,
    shown_order: r.shownOrder,
    order: r.order,
    ranks: r.ranks,
    none_acceptable: r.noneAcceptable,
    scores: r.scores,
    duration_ms: r.durationMs,
    created_at: r.createdAt.toISOString(),
  }));
}
