import { describe, expect, it } from "vitest";
import { consensusPairwiseRows, eventRows, listwiseRow, orderedPairCount, pairwiseRows } from "@/lib/data/export-rows";
import type { ExportComparison, ExportRanking } from "@/lib/data/export-source";

function ranking(id: string, order: string[], extra: Partial<ExportRanking> = {}): ExportRanking {
  return { id, order, shownOrder: order, ranks: null, noneAcceptable: false, scores: null, durationMs: 1000, createdAt: new Date("2026-01-01T00:00:00Z"), labeler: `L-${id}`, ...extra };
}

function comparison(rankings: ExportRanking[]): ExportComparison {
  return {
    id: "c1",
    promptId: "p1",
    prompt: "Prompt",
    requiredRankings: 3,
    completions: new Map(["a", "b", "c"].map((id) => [id, `text ${id}`])),
    rankings,
  };
}

describe("exports with ties", () => {
  const tiedRanking = ranking("r1", ["a", "b", "c"], { ranks: [1, 2, 2], noneAcceptable: true, scores: { a: 5, c: 2 } });

  it("pairwise leaves a tied pair out and uses rank differences as margins", () => {
    const rows = pairwiseRows(comparison([tiedRanking]));
    expect(rows.map((r) => [r.chosen_id, r.rejected_id, r.margin])).toEqual([
      ["a", "b", 1],
      ["a", "c", 1],
    ]);
    expect(rows.every((r) => r.tie === undefined)).toBe(true);
    expect(orderedPairCount(tiedRanking)).toBe(2);
  });

  it("pairwise with ties marked writes the tied pair with tie: true and margin 0", () => {
    const rows = pairwiseRows(comparison([tiedRanking]), "mark");
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.tie)).toMatchObject({ chosen_id: "b", rejected_id: "c", margin: 0, tie: true });
  });

  it("consensus pairwise leaves out a pair every labeler tied", () => {
    const other = ranking("r2", ["a", "c", "b"], { ranks: [1, 2, 2] });
    const rows = consensusPairwiseRows(comparison([tiedRanking, other]));
    expect(rows.map((r) => [r.chosen_id, r.rejected_id, r.votes])).toEqual([
      ["a", "b", 2],
      ["a", "c", 2],
    ]);
  });

  it("listwise carries each labeler's rank groups, none acceptable and scores, and the mean scores in consensus order", () => {
    const strict = ranking("r2", ["a", "c", "b"], { scores: { a: 7 } });
    const row = listwiseRow(comparison([tiedRanking, strict]));
    expect(row?.completion_ids).toEqual(["a", "c", "b"]);
    expect(row?.none_acceptable).toBe(1);
    expect(row?.mean_scores).toEqual([6, 2, null]);
    expect(row?.judgments).toEqual([
      { ranking_id: "r1", labeler: "L-r1", rank_groups: [["a"], ["b", "c"]], none_acceptable: true, scores: { a: 5, c: 2 } },
      { ranking_id: "r2", labeler: "L-r2", rank_groups: [["a"], ["c"], ["b"]], none_acceptable: false, scores: { a: 7 } },
    ]);
  });

  it("events carry the raw ranks, none acceptable and scores", () => {
    expect(eventRows(comparison([tiedRanking]))[0]).toMatchObject({ ranks: [1, 2, 2], none_acceptable: true, scores: { a: 5, c: 2 } });
  });
});
