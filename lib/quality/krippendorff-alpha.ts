// Krippendorff's α reliability coefficient by the coincidence-matrix method (Krippendorff 2011, "Computing
// Krippendorff's Alpha-Reliability"): α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, where o_ck counts the
// c–k value pairs inside each unit weighted 1 / (m_u − 1), n_c are its marginals and n their total. Units with fewer
// than two values are not pairable and drop out, so missing values need no special care. A bootstrap over clusters
// of units (Efron & Tibshirani 1993) gives the confidence interval: for rankings, a cluster is one comparison, whose
// items share the labelers that ranked them.

export type AlphaMetric = "nominal" | "ordinal" | "interval";

/** o_ck over `values` (sorted distinct values), and how many pairable units and values it was built from. */
export interface Coincidences {
  values: number[];
  matrix: number[][];
  pairableUnits: number;
  pairableValues: number;
}

/** An empty coincidence matrix over these values. */
export function emptyCoincidences(values: readonly number[]): Coincidences {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return { values: sorted, matrix: sorted.map(() => sorted.map(() => 0)), pairableUnits: 0, pairableValues: 0 };
}

/** Adds one unit's values (null = missing) to the coincidences; a unit with fewer than two values adds nothing. */
export function addUnit(into: Coincidences, unit: readonly (number | null)[]): void {
  const present = unit.filter((v): v is number => v !== null);
  const m = present.length;
  if (m < 2) return;
  const index = present.map((v) => {
    const k = into.values.indexOf(v);
    if (k < 0) throw new Error(`krippendorffAlpha: value ${v} is not among the declared values`);
    return k;
  });
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const row = into.matrix[index[i] as number] as number[];
      row[index[j] as number] = (row[index[j] as number] as number) + 1 / (m - 1);
    }
  }
  into.pairableUnits++;
  into.pairableValues += m;
}

/** Adds the matrix of `other` (same values) into `into`. */
export function addCoincidences(into: Coincidences, other: Coincidences, times = 1): void {
  for (let c = 0; c < into.values.length; c++) {
    const row = into.matrix[c] as number[];
    const otherRow = other.matrix[c] as number[];
    for (let k = 0; k < row.length; k++) row[k] = (row[k] as number) + times * (otherRow[k] as number);
  }
  into.pairableUnits += times * other.pairableUnits;
  into.pairableValues += times * other.pairableValues;
}

/** α of a coincidence matrix; null when nothing is pairable or every value is the same (no expected disagreement). */
export function alphaOf({ values, matrix }: Coincidences, metric: AlphaMetric): number | null {
  return alphaOfFlat(values, Float64Array.from(matrix.flat()), metric);
}

/** α of a K×K coincidence matrix stored row by row (the bootstrap's inner loop). */
function alphaOfFlat(values: readonly number[], o: Float64Array, metric: AlphaMetric): number | null {
  const size = values.length;
  const marginals = new Float64Array(size);
  for (let c = 0; c < size; c++) for (let k = 0; k < size; k++) marginals[c] = (marginals[c] as number) + (o[c * size + k] as number);
  const n = marginals.reduce((s, v) => s + v, 0);
  if (n <= 1) return null;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      const d = distance(values, marginals, metric, c, k);
      observed += (o[c * size + k] as number) * d;
      expected += (marginals[c] as number) * (marginals[k] as number) * d;
    }
  }
  return expected === 0 ? null : 1 - ((n - 1) * observed) / expected;
}

/** δ²_ck of the metric between the values of index i and j (the ordinal one depends on the marginals n_g). */
function distance(values: readonly number[], marginals: Float64Array, metric: AlphaMetric, i: number, j: number): number {
  if (metric === "nominal") return i === j ? 0 : 1;
  if (metric === "interval") return ((values[i] as number) - (values[j] as number)) ** 2;
  const [lo, hi] = i <= j ? [i, j] : [j, i];
  let between = 0;
  for (let g = lo; g <= hi; g++) between += marginals[g] as number;
  return (between - ((marginals[i] as number) + (marginals[j] as number)) / 2) ** 2;
}

export interface KrippendorffAlphaOptions {
  /** One array per unit: the value each observer gave (null when missing). */
  units: readonly (readonly (number | null)[])[];
  metric: AlphaMetric;
}

/** α of a reliability data matrix given unit by unit. */
export function krippendorffAlpha({ units, metric }: KrippendorffAlphaOptions): { alpha: number | null; pairableUnits: number; pairableValues: number } {
  const coincidences = emptyCoincidences(units.flatMap((u) => u.filter((v): v is number => v !== null)));
  for (const unit of units) addUnit(coincidences, unit);
  return { alpha: alphaOf(coincidences, metric), pairableUnits: coincidences.pairableUnits, pairableValues: coincidences.pairableValues };
}

export interface BootstrapAlphaOptions {
  /** One coincidence matrix per cluster (all over the same values). */
  clusters: readonly Coincidences[];
  metric: AlphaMetric;
  /** Bootstrap resamples (default 1000). */
  samples?: number;
  /** Seed of the resampling, so one data set always gives one interval. */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** Percentile bootstrap interval of α, resampling whole clusters with replacement; null with fewer than 2 clusters. */
export function bootstrapAlpha({ clusters, metric, samples = 1000, seed = 1, level = 0.95 }: BootstrapAlphaOptions): [number, number] | null {
  const first = clusters[0];
  if (!first || clusters.length < 2) return null;
  const random = mulberry32(seed);
  // All clusters' matrices in one array (cluster i at i·K²), summed per resample into `total`.
  const size = first.values.length ** 2;
  const flat = new Float64Array(clusters.length * size);
  clusters.forEach((c, i) => flat.set(c.matrix.flat(), i * size));
  const total = new Float64Array(size);
  const alphas: number[] = [];
  for (let s = 0; s < samples; s++) {
    total.fill(0);
    for (let i = 0; i < clusters.length; i++) {
      const offset = Math.floor(random() * clusters.length) * size;
      for (let k = 0; k < size; k++) total[k] = (total[k] as number) + (flat[offset + k] as number);
    }
    const alpha = alphaOfFlat(first.values, total, metric);
    if (alpha !== null) alphas.push(alpha);
  }
  if (alphas.length === 0) return null;
  alphas.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  const at = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))] as number;
  return [at(tail), at(1 - tail)];
}

/** A small seeded generator of uniform numbers in [0, 1) (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
