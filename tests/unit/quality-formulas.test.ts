import { describe, expect, it } from "vitest";
import {
  addUnit,
  alphaOf,
  bootstrapAlpha,
  emptyCoincidences,
  figure,
  kendallTauB,
  krippendorffAlpha,
  leaveOneOutAgreement,
  pairwiseAgreement,
  rankVector,
} from "@/lib/quality";

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, values 1–5,
// with missing values (null). Published: nominal α = 0.743, ordinal α = 0.815, interval α = 0.849.
const _ = null;
const OBSERVERS = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const UNITS = (OBSERVERS[0] as (number | null)[]).map((__, u) => OBSERVERS.map((o) => o[u] ?? null));

describe("Kendall's tau-b", () => {
  it("reproduces the textbook case with ties in both variables (-4 / sqrt(8 × 9))", () => {
    // x = [12, 2, 1, 12, 2], y = [1, 4, 7, 1, 0]: 2 concordant, 6 discordant of 10 pairs; 2 pairs tied in x, 1 in y.
    // (The example of scipy.stats.kendalltau, whose documented result is -0.47140452079103173.)
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-4 / Math.sqrt(72), 12);
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it("equals 2·(pairwise agreement) − 1 for strict orders, and is null for a constant vector", () => {
    const items = ["a", "b", "c", "d", "e"];
    const a = ["a", "b", "c", "d", "e"];
    const b = ["b", "a", "c", "e", "d"];
    const x = rankVector({ items, order: a }) as number[];
    const y = rankVector({ items, order: b }) as number[];
    expect(kendallTauB(x, y)).toBeCloseTo(2 * (pairwiseAgreement(a, b) as number) - 1, 12);
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it("reads ties from ranks", () => {
    expect(rankVector({ items: ["a", "b", "c"], order: ["c", "a", "b"], ranks: [1, 1, 3] })).toEqual([1, 3, 1]);
    expect(rankVector({ items: ["a", "z"], order: ["a"] })).toEqual([1, null]);
  });
});

describe("Krippendorff's alpha", () => {
  it("reproduces the published nominal, ordinal and interval values of the 4 × 12 example with missing values", () => {
    const nominal = krippendorffAlpha({ units: UNITS, metric: "nominal" });
    expect(nominal.alpha).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha({ units: UNITS, metric: "ordinal" }).alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha({ units: UNITS, metric: "interval" }).alpha).toBeCloseTo(0.849, 3);
    // Unit 12 has a single value: not pairable; 40 pairable values in the other 11 (n.. = 40 in the paper).
    expect(nominal.pairableUnits).toBe(11);
    expect(nominal.pairableValues).toBe(40);
  });

  it("is 1 for perfect agreement and null without expected disagreement", () => {
    expect(krippendorffAlpha({ units: [[1, 1], [2, 2], [3, 3]], metric: "ordinal" }).alpha).toBeCloseTo(1, 12);
    expect(krippendorffAlpha({ units: [[2, 2], [2, 2]], metric: "ordinal" }).alpha).toBeNull();
    expect(krippendorffAlpha({ units: [[1], [2]], metric: "nominal" }).alpha).toBeNull();
  });

  it("gives a bootstrap interval that contains the point estimate, and the same interval for the same seed", () => {
    const clusters = UNITS.map((unit) => {
      const c = emptyCoincidences([1, 2, 3, 4, 5]);
      addUnit(c, unit);
      return c;
    });
    const total = emptyCoincidences([1, 2, 3, 4, 5]);
    for (const unit of UNITS) addUnit(total, unit);
    const alpha = alphaOf(total, "ordinal") as number;
    const ci = bootstrapAlpha({ clusters, metric: "ordinal", samples: 2000, seed: 3 });
    expect(ci).not.toBeNull();
    const [lo, hi] = ci as [number, number];
    expect(lo).toBeLessThan(alpha);
    expect(hi).toBeGreaterThan(alpha);
    expect(hi).toBeLessThanOrEqual(1);
    expect(bootstrapAlpha({ clusters, metric: "ordinal", samples: 2000, seed: 3 })).toEqual(ci);
    expect(bootstrapAlpha({ clusters: clusters.slice(0, 1), metric: "ordinal" })).toBeNull();
  });
});

describe("leave-one-out consensus agreement", () => {
  it("compares each ranking with the consensus of the others; null for a lone ranking", () => {
    expect(leaveOneOutAgreement({ rankings: [["a", "b", "c"]] })).toEqual([null]);
    const rankings = [
      ["a", "b", "c"],
      ["a", "b", "c"],
      ["c", "b", "a"],
    ];
    // The first two each see a consensus of {abc, cba}: a tie broken by Borda then id → abc; the third sees abc.
    const loo = leaveOneOutAgreement({ rankings });
    expect(loo[2]).toBe(0);
    expect(loo[0]).toBe(pairwiseAgreement(["a", "b", "c"], ["a", "b", "c"]));
    expect(leaveOneOutAgreement({ rankings: [["a", "b"], ["b", "a"]] })).toEqual([0, 0]);
  });

  it("builds each consensus from the items the other rankings hold", () => {
    // The first ranking's others never rank a: their consensus is c > b, which the first reverses (0). A consensus
    // over a, b, c with a unranked would read c > a > b and give the first 1/3.
    const loo = leaveOneOutAgreement({ rankings: [["a", "b", "c"], ["c", "b"], ["c", "b"]] });
    expect(loo).toEqual([0, 0, 0]);
  });
});

describe("figures", () => {
  it("marks a figure with too few observations as insufficient, with the count and the reason", () => {
    expect(figure({ value: 0.5, count: 3, needed: 1, unit: "labeler pairs" })).toEqual({ status: "ok", value: 0.5, count: 3, unit: "labeler pairs" });
    const none = figure({ value: null, count: 0, needed: 1, unit: "labeler pairs" });
    expect(none).toMatchObject({ status: "insufficient", count: 0, needed: 1 });
    expect(none.status === "insufficient" && none.reason).toContain("0 labeler pairs");
    expect(figure({ value: 0.9, count: 4, needed: 20, unit: "pairable units" }).status).toBe("insufficient");
  });
});
