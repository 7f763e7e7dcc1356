import { describe, expect, it } from "vitest";
import {
  consensusOrder,
  kendallTauB,
  leaveOneOutAgreement,
  meanPairwiseAgreement,
  pairwiseAgreement,
  rankGroups,
  rankVector,
  summariseRankings,
  winMatrix,
} from "@/lib/quality";

const tied = (order: string[], ranks: number[]) => ({ order, ranks });

describe("pairwise agreement with ties", () => {
  it("counts the same statement as agreement, a tie against a preference as half, opposite preferences as none", () => {
    // a: a > b = c. b: a > b > c. Pairs: (a,b) both a>b → 1; (a,c) both a>c → 1; (b,c) tie vs b>c → 0.5. 2.5 / 3.
    expect(pairwiseAgreement(tied(["a", "b", "c"], [1, 2, 2]), ["a", "b", "c"])).toBeCloseTo(2.5 / 3, 10);
    // Both tie b and c: full agreement.
    expect(pairwiseAgreement(tied(["a", "b", "c"], [1, 2, 2]), tied(["a", "c", "b"], [1, 2, 2]))).toBe(1);
    // a = b = c against c > b > a: every pair half.
    expect(pairwiseAgreement(tied(["a", "b", "c"], [1, 1, 1]), ["c", "b", "a"])).toBeCloseTo(0.5, 10);
    // Strict orders are unchanged: reversed is 0.
    expect(pairwiseAgreement(["a", "b", "c"], ["c", "b", "a"])).toBe(0);
  });

  it("is symmetric with ties", () => {
    const x = tied(["a", "b", "c", "d"], [1, 1, 3, 4]);
    const y = ["b", "d", "a", "c"];
    expect(pairwiseAgreement(x, y)).toBeCloseTo(pairwiseAgreement(y, x) as number, 10);
  });

  it("averages over labelers with ties", () => {
    const m = meanPairwiseAgreement([tied(["a", "b"], [1, 1]), ["a", "b"], ["b", "a"]]);
    // (a=b vs a>b) 0.5, (a=b vs b>a) 0.5, (a>b vs b>a) 0 → 1/3.
    expect(m?.mean).toBeCloseTo(1 / 3, 10);
    expect(m?.pairs).toBe(3);
  });
});

describe("consensus with ties", () => {
  it("a tied pair adds no win to either side", () => {
    const { wins } = winMatrix([tied(["a", "b", "c"], [1, 1, 3])]);
    expect(wins.get("a")?.get("b")).toBe(0);
    expect(wins.get("b")?.get("a")).toBe(0);
    expect(wins.get("a")?.get("c")).toBe(1);
    expect(wins.get("b")?.get("c")).toBe(1);
  });

  it("ranked pairs and Bradley–Terry follow the labelers who state a preference on a pair others tied", () => {
    // Two labelers tie a and b; one puts b above a. The only vote on (a, b) is b's: both methods put b first.
    const rankings = [tied(["a", "b", "c"], [1, 1, 3]), tied(["b", "a", "c"], [1, 1, 3]), ["b", "a", "c"]];
    expect(consensusOrder({ rankings }).order).toEqual(["b", "a", "c"]);
    expect(consensusOrder({ rankings, method: "bradley-terry" }).order).toEqual(["b", "a", "c"]);
  });

  it("a tie does not count as a vote against: two strict votes for a over b beat one for b when a third ties them", () => {
    const summary = summariseRankings({ rankings: [["a", "b"], ["a", "b"], tied(["b", "a"], [1, 1])] });
    expect(summary.consensus).toEqual(["a", "b"]);
    expect(summary.votes("a", "b")).toBe(2);
    expect(summary.votes("b", "a")).toBe(0);
    // The tied ranking is never an exact match of the (strict) consensus; it agrees half on the one pair.
    expect(summary.exactAgreement).toBe(2);
    expect(summary.agreementWithConsensus).toBeCloseTo((1 + 1 + 0.5) / 3, 10);
  });

  it("leave-one-out agreement reads ties (the consensus itself is a strict order)", () => {
    // The tie against the other's a > b agrees half. The other ranking is compared with the consensus of the tie
    // alone, which states nothing: the strict order falls back to the tie-break (ids), a > b, so it agrees fully.
    const loo = leaveOneOutAgreement({ rankings: [tied(["a", "b"], [1, 1]), ["a", "b"]] });
    expect(loo).toEqual([0.5, 1]);
    const reversed = leaveOneOutAgreement({ rankings: [tied(["a", "b"], [1, 1]), ["b", "a"]] });
    expect(reversed[0]).toBe(0.5);
  });
});

describe("rank groups and rank vectors", () => {
  it("turns ranks into groups, best first", () => {
    expect(rankGroups(tied(["a", "b", "c", "d", "e"], [1, 2, 2, 4, 4]))).toEqual([["a"], ["b", "c"], ["d", "e"]]);
    expect(rankGroups(["a", "b"])).toEqual([["a"], ["b"]]);
  });

  it("τ-b of tied rank vectors (hand-computed)", () => {
    // x = a>b=c, y = a>b>c over items a, b, c: pairs (a,b) concordant, (a,c) concordant, (b,c) tied in x only.
    // τ_b = (2 − 0) / √((3 − 1)(3 − 0)) = 2/√6.
    const items = ["a", "b", "c"];
    const x = rankVector({ items, order: ["a", "b", "c"], ranks: [1, 2, 2] }) as number[];
    const y = rankVector({ items, order: ["a", "b", "c"] }) as number[];
    expect(kendallTauB(x, y)).toBeCloseTo(2 / Math.sqrt(6), 10);
  });
});
