// How unsure the reward model is about a comparison: a bootstrapped ensemble of linear Bradley-Terry heads on the
// trained reward model's frozen features (the hidden state its scalar head reads), each fitted on a resample of the
// rankings; a comparison's uncertainty is the mean, over its completion pairs, of the heads' spread (std) of
// P(i ≻ j). After query-by-committee active learning (Seung et al. 1992) with last-layer bootstrap ensembles and
// randomised priors (Osband et al. 2016, 2018; Gleave & Irving 2022, "Uncertainty Estimation for Language Reward
// Models"). Plain JS: a few thousand pairs of D-dimensional features.
import { Rng } from "../sampling/rng";

export interface HeadEnsembleConfig {
  /** Heads in the ensemble (each fitted on its own bootstrap resample of the rankings). */
  heads: number;
  /** Full-batch gradient steps per head. */
  epochs: number;
  /** Step size on the standardised features. */
  lr: number;
  /** L2 pull of each head towards its own random draw (a randomised prior: directions the data never moves keep it). */
  l2: number;
  /** Standard deviation of each head's random initial weights (the prior's draw). */
  initStd: number;
  seed: number;
}

export const DEFAULT_HEAD_ENSEMBLE_CONFIG: HeadEnsembleConfig = { heads: 8, epochs: 100, lr: 0.5, l2: 0.01, initStd: 0.5, seed: 1 };

/** Fitted heads with the feature standardisation they expect. */
export interface HeadEnsemble {
  /** Per-dimension mean and std of the training features. */
  mean: Float64Array;
  std: Float64Array;
  /** One weight vector [D] per head (on standardised features; a bias cancels in every pairwise preference). */
  weights: Float64Array[];
}

/** A ranking as feature vectors of its completions, best first. */
export type RankedFeatures = readonly (readonly number[])[];

/** Fits `config.heads` Bradley-Terry heads on bootstrap resamples of `rankings` (every pair of each ranking). */
export function fitHeadEnsemble(options: { rankings: readonly RankedFeatures[]; config?: Partial<HeadEnsembleConfig> }): HeadEnsemble {
  const config = { ...DEFAULT_HEAD_ENSEMBLE_CONFIG, ...options.config };
  const { rankings } = options;
  if (config.heads < 2) throw new Error("fitHeadEnsemble: needs at least two heads");
  const first = rankings.find((r) => r.length > 0)?.[0];
  if (!first) throw new Error("fitHeadEnsemble: no rankings");
  const d = first.length;
  const all = rankings.flat();
  if (all.some((x) => x.length !== d)) throw new Error(`fitHeadEnsemble: every feature vector must have ${d} dimensions`);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const x of all) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (x[k] as number) / all.length;
  for (const x of all) for (let k = 0; k < d; k++) std[k] = (std[k] as number) + ((x[k] as number) - (mean[k] as number)) ** 2 / all.length;
  for (let k = 0; k < d; k++) std[k] = Math.sqrt(std[k] as number) || 1;
  // Per ranking, the differences (winner − loser) of its standardised pairs.
  const pairsOf = rankings.map((r) => {
    const z = r.map((x) => standardise(x, mean, std));
    const diffs: Float64Array[] = [];
    for (let i = 0; i < z.length; i++) {
      for (let j = i + 1; j < z.length; j++) {
        const a = z[i] as Float64Array;
        const b = z[j] as Float64Array;
        diffs.push(a.map((v, k) => v - (b[k] as number)));
      }
    }
    return diffs;
  });
  const rng = new Rng(config.seed);
  const weights: Float64Array[] = [];
  for (let h = 0; h < config.heads; h++) {
    const sample = Array.from({ length: rankings.length }, () => pairsOf[rng.int(rankings.length)] as Float64Array[]).flat();
    const w = Float64Array.from({ length: d }, () => rng.normal() * config.initStd);
    const prior = Float64Array.from(w);
    const grad = new Float64Array(d);
    for (let epoch = 0; epoch < config.epochs && sample.length > 0; epoch++) {
      grad.fill(0);
      for (const x of sample) {
        // d/dw of −log σ(w·x) = −(1 − σ(w·x)) x
        const g = 1 - sigmoid(dot(w, x));
        for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) - (g * (x[k] as number)) / sample.length;
      }
      for (let k = 0; k < d; k++) {
        const decay = config.l2 * ((w[k] as number) - (prior[k] as number));
        w[k] = (w[k] as number) - config.lr * ((grad[k] as number) + decay);
      }
    }
    weights.push(w);
  }
  return { mean, std, weights };
}

/**
 * The ensemble's uncertainty about one comparison (its completions' feature vectors, any order): the mean over all
 * pairs (i, j) of the heads' standard deviation of P(i ≻ j) = σ(w·(x_i − x_j)). 0 when the heads agree on every
 * pair; at most 0.5.
 */
export function comparisonUncertainty(options: { ensemble: HeadEnsemble; completions: readonly (readonly number[])[] }): number {
  const { ensemble, completions } = options;
  if (completions.length < 2) throw new Error("comparisonUncertainty: needs at least two completions");
  const z = completions.map((x) => standardise(x, ensemble.mean, ensemble.std));
  const scores = ensemble.weights.map((w) => z.map((x) => dot(w, x))); // [heads][K]
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < z.length; i++) {
    for (let j = i + 1; j < z.length; j++) {
      const ps = scores.map((s) => sigmoid((s[i] as number) - (s[j] as number)));
      const m = ps.reduce((a, p) => a + p, 0) / ps.length;
      total += Math.sqrt(ps.reduce((a, p) => a + (p - m) ** 2, 0) / ps.length);
      pairs += 1;
    }
  }
  return total / pairs;
}

function standardise(x: readonly number[], mean: Float64Array, std: Float64Array): Float64Array {
  if (x.length !== mean.length) throw new Error(`uncertainty: feature vector of ${x.length} dimensions, expected ${mean.length}`);
  return Float64Array.from(x, (v, k) => (v - (mean[k] as number)) / (std[k] as number));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
