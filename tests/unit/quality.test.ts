import { describe, expect, it } from "vitest";
import { consensusOrder, kendallTau, meanPairwiseAgreement, pairwiseAgreement, summariseRankings, winMatrix } from "@/lib/quality";

const ABCDE = ["a", "b", "c", "d", "e"];

describe("pairwise agreement and Kendall tau", () => {
  it("is 1 for identical rankings and 0 for reversed ones", () => {
    expect(pairwiseAgreement(ABCDE, ABCDE)).toBe(1);
    expect(pairwiseAgreement(ABCDE, [...ABCDE].reverse())).toBe(0);
    expect(kendallTau(ABCDE, [...ABCDE].reverse())).toBe(-1);
  });

  it("counts one swapped adjacent pair as 9 of 10 pairs agreeing", () => {
    expect(pairwiseAgreement(ABCDE, ["b", "a", "c", "d", "e"])).toBeCloseTo(0.9, 12);
    expect(kendallTau(ABCDE, ["b", "a", "c", "d", "e"])).toBeCloseTo(0.8, 12);
  });

  it("matches a brute-force count of concordant pairs on random permutations", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 50; t++) {
      const a = [...ABCDE].sort(() => rand() - 0.5);
      const b = [...ABCDE].sort(() => rand() - 0.5);
      let concordant = 0;
      for (let i = 0; i < 5; i++)
        for (let j = i + 1; j < 5; j++) {
          const x = ABCDE[i] as string;
          const y = ABCDE[j] as string;
          if (Math.sign(a.indexOf(x) - a.indexOf(y)) === Math.sign(b.indexOf(x) - b.indexOf(y))) concordant++;
        }
      expect(pairwiseAgreement(a, b)).toBeCloseTo(concordant / 10, 12);
    }
  });

  it("averages over every pair of labelers and is null for a single ranking", () => {
    const result = meanPairwiseAgreement([ABCDE, ABCDE, [...ABCDE].reverse()]);
    expect(result?.pairs).toBe(3);
    expect(result?.mean).toBeCloseTo(1 / 3, 12);
    expect(meanPairwiseAgreement([ABCDE])).toBeNull();
  });
});

describe("consensus order", () => {
  it("counts in the win matrix how many rankings put each item above another", () => {
    const { wins } = winMatrix([ABCDE, ["b", "a", "c", "d", "e"], ABCDE]);
    expect(wins.get("a")?.get("b")).toBe(2);
    expect(wins.get("b")?.get("a")).toBe(1);
    expect(wins.get("a")?.get("e")).toBe(3);
  });

  it("returns the single ranking itself, by both methods", () => {
    const r = ["c", "a", "e", "b", "d"];
    expect(consensusOrder({ rankings: [r] }).order).toEqual(r);
    expect(consensusOrder({ rankings: [r], method: "bradley-terry" }).order).toEqual(r);
  });

  it("follows the majority on every pair when the majorities are transitive", () => {
    const rankings = [ABCDE, ["b", "a", "c", "d", "e"], ["a", "b", "c", "e", "d"]];
    expect(consensusOrder({ rankings }).order).toEqual(ABCDE);
    expect(consensusOrder({ rankings, method: "bradley-terry" }).order).toEqual(ABCDE);
  });

  it("breaks a Condorcet cycle by dropping its weakest majority (ranked pairs)", () => {
    // 2× a b c, 2× b c a, 1× c a b  →  a>b 3:2, b>c 4:1, c>a 3:2: lock b>c (margin 3) first,
    // then a>b and c>a tie on margin 1; the Borda order (b 6, a 5, c 4) decides: a>b is locked, c>a would close the
    // cycle a>b>c>a and is dropped → a, b, c.
    const rankings = [["a", "b", "c"], ["a", "b", "c"], ["b", "c", "a"], ["b", "c", "a"], ["c", "a", "b"]];
    const { order } = consensusOrder({ rankings });
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("gives Bradley-Terry strengths that favour the item that wins more", () => {
    const { strengths } = consensusOrder({ rankings: [ABCDE, ABCDE, ["b", "a", "c", "d", "e"]], method: "bradley-terry" });
    expect((strengths?.get("a") ?? 0) > (strengths?.get("b") ?? 0)).toBe(true);
    expect((strengths?.get("b") ?? 0) > (strengths?.get("e") ?? 0)).toBe(true);
  });
});

describe("summary of a comparison's rankings", () => {
  it("counts votes, exact agreement and agreement with the consensus", () => {
    const s = summariseRankings({ rankings: [ABCDE, ABCDE, ["b", "a", "c", "d", "e"]] });
    expect(s.consensus).toEqual(ABCDE);
    expect(s.votes("a", "b")).toBe(2);
    expect(s.votes("b", "a")).toBe(1);
    expect(s.labelers).toBe(3);
    expect(s.exactAgreement).toBe(2);
    expect(s.agreementWithConsensus).toBeCloseTo((1 + 1 + 0.9) / 3, 12);
    expect(s.interLabelerAgreement).toBeCloseTo((1 + 0.9 + 0.9) / 3, 12);
  });
});
