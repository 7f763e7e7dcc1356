import { describe, expect, it } from "vitest";
import { comparisonUncertainty, fitHeadEnsemble, type RankedFeatures } from "@/lib/ml/reward/uncertainty";
import { Rng } from "@/lib/ml/sampling/rng";

/** Rankings of 3-D features ordered by the first dimension; the second varies only a little, the third never. */
function rankingsByFirstDimension(count: number, seed: number): RankedFeatures[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const xs = Array.from({ length: 5 }, () => [rng.normal() * 2, rng.normal() * 0.1, 0]);
    return xs.sort((a, b) => (b[0] as number) - (a[0] as number));
  });
}

describe("reward-model uncertainty (bootstrapped heads)", () => {
  it("fits heads that rank held-out comparisons by the direction the rankings follow", () => {
    const ensemble = fitHeadEnsemble({ rankings: rankingsByFirstDimension(60, 1), config: { seed: 3 } });
    const heldOut = rankingsByFirstDimension(40, 2);
    let right = 0;
    let total = 0;
    for (const w of ensemble.weights) {
      for (const r of heldOut) {
        const z = r.map((x) => x.map((v, k) => (v - (ensemble.mean[k] as number)) / (ensemble.std[k] as number)));
        const s = z.map((x) => x.reduce((a, v, k) => a + v * (w[k] as number), 0));
        for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++, total++) if ((s[i] as number) > (s[j] as number)) right++;
      }
    }
    expect(right / total).toBeGreaterThan(0.95);
  });

  it("is small where the rankings decide and large along a direction they never moved", () => {
    const ensemble = fitHeadEnsemble({ rankings: rankingsByFirstDimension(60, 1), config: { seed: 3 } });
    // Completions that differ only along the first dimension: every head agrees.
    const decided = comparisonUncertainty({ ensemble, completions: [[2, 0, 0], [1, 0, 0], [0, 0, 0], [-1, 0, 0], [-2, 0, 0]] });
    // Completions that differ only along the second one (seen barely varying): the heads' random priors disagree.
    const undecided = comparisonUncertainty({ ensemble, completions: [[0, 0.4, 0], [0, 0.2, 0], [0, 0, 0], [0, -0.2, 0], [0, -0.4, 0]] });
    expect(decided).toBeLessThan(0.05);
    expect(undecided).toBeGreaterThan(decided * 3);
    expect(undecided).toBeLessThanOrEqual(0.5);
  });

  it("is zero when every completion is the same, whatever the heads", () => {
    const ensemble = fitHeadEnsemble({ rankings: rankingsByFirstDimension(10, 4), config: { seed: 5 } });
    expect(comparisonUncertainty({ ensemble, completions: [[1, 2, 3], [1, 2, 3]] })).toBe(0);
  });

  it("is the heads' spread of the pairwise preference, computed by hand for two heads", () => {
    const ensemble = { mean: Float64Array.from([0]), std: Float64Array.from([1]), weights: [Float64Array.from([1]), Float64Array.from([-1])] };
    const p = 1 / (1 + Math.exp(-2)); // head 1: σ(1·(1 − (−1))); head 2: σ(−2) = 1 − p
    expect(comparisonUncertainty({ ensemble, completions: [[1], [-1]] })).toBeCloseTo(Math.abs(p - (1 - p)) / 2, 12);
  });

  it("gives the same ensemble for the same seed and different heads for another", () => {
    const rankings = rankingsByFirstDimension(20, 6);
    const a = fitHeadEnsemble({ rankings, config: { seed: 7, heads: 3 } });
    const b = fitHeadEnsemble({ rankings, config: { seed: 7, heads: 3 } });
    const c = fitHeadEnsemble({ rankings, config: { seed: 8, heads: 3 } });
    expect(a.weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    expect(a.weights.map((w) => Array.from(w))).not.toEqual(c.weights.map((w) => Array.from(w)));
  });

  it("refuses a single head, no rankings and feature vectors of the wrong size", () => {
    expect(() => fitHeadEnsemble({ rankings: rankingsByFirstDimension(3, 1), config: { heads: 1 } })).toThrow(/two heads/);
    expect(() => fitHeadEnsemble({ rankings: [] })).toThrow(/no rankings/);
    const ensemble = fitHeadEnsemble({ rankings: rankingsByFirstDimension(3, 1) });
    expect(() => comparisonUncertainty({ ensemble, completions: [[1, 2], [3, 4]] })).toThrow(/3/);
  });
});
