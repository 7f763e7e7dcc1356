// The rows of the three export formats, built from one comparison at a time.
// pairwise: TRL's explicit-prompt preference format {prompt, chosen, rejected} (https://huggingface.co/docs/trl/
//   dataset_formats#preference) plus ids and margin = rank difference; all C(K,2) pairs of every ranking, or one row
//   per pair of the consensus order (margin = consensus rank difference, votes = labelers who agree).
// listwise: the prompt with its completions in consensus order, for listwise (Plackett-Luce) reward losses.
// events: every raw ranking, with the labeler's stable pseudonym.
import { summariseRankings, type ConsensusMethod } from "@/lib/quality";
import type { ExportComparison } from "./export-source";

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
}

export function pairwiseRows(c: ExportComparison): PairwiseRow[] {
  const rows: PairwiseRow[] = [];
  for (const r of c.rankings) {
    for (let i = 0; i < r.order.length; i++) {
      for (let j = i + 1; j < r.order.length; j++) {
        const chosenId = r.order[i] as string;
        const rejectedId = r.order[j] as string;
        rows.push({
          prompt: c.prompt,
          chosen: c.completions.get(chosenId) ?? "",
          rejected: c.completions.get(rejectedId) ?? "",
          prompt_id: c.promptId,
          comparison_id: c.id,
          chosen_id: chosenId,
          rejected_id: rejectedId,
          margin: j - i,
          ranking_id: r.id,
          labeler: r.labeler,
        });
      }
    }
  }
  return rows;
}

export function consensusPairwiseRows(c: ExportComparison, method: ConsensusMethod = "ranked-pairs"): PairwiseRow[] {
  if (c.rankings.length === 0) return [];
  const s = summariseRankings({ rankings: c.rankings.map((r) => r.order), method });
  const rows: PairwiseRow[] = [];
  for (let i = 0; i < s.consensus.length; i++) {
    for (let j = i + 1; j < s.consensus.length; j++) {
      const chosenId = s.consensus[i] as string;
      const rejectedId = s.consensus[j] as string;
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
}

export function listwiseRow(c: ExportComparison, method: ConsensusMethod = "ranked-pairs"): ListwiseRow | null {
  if (c.rankings.length === 0) return null;
  const s = summariseRankings({ rankings: c.rankings.map((r) => r.order), method });
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
  };
}

export interface EventRow {
  ranking_id: string;
  comparison_id: string;
  prompt_id: string;
  labeler: string;
  shown_order: string[];
  order: string[];
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
    duration_ms: r.durationMs,
    created_at: r.createdAt.toISOString(),
  }));
}
