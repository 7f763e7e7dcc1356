// AdamW (Loshchilov & Hutter 2019, decoupled weight decay) over named tf.Variables, with global-norm gradient
// clipping, as nanoGPT configures it: decay on matrices and embeddings (rank ≥ 2), none on biases and LayerNorm gains.
// Moments are tf.Variables we own, so the whole state can be exported to and restored from a checkpoint.
import * as tf from "@tensorflow/tfjs";
import type { NamedWeight } from "../model/gpt";

export interface AdamWConfig {
  /** Peak learning rate (a schedule may scale it per step). */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay, applied as p ← p − lr·wd·p to rank ≥ 2 parameters. */
  weightDecay: number;
  /** Clip the global gradient norm to this value; 0 disables clipping. */
  gradClip: number;
}

export const DEFAULT_ADAMW_CONFIG: AdamWConfig = {
  lr: 3e-4,
  beta1: 0.9,
  beta2: 0.95,
  eps: 1e-8,
  weightDecay: 0.1,
  gradClip: 1.0,
};

/** Serialisable optimizer state: step count and both moments per parameter name. */
export interface AdamWState {
  step: number;
  m: Map<string, NamedWeight>;
  v: Map<string, NamedWeight>;
}

export interface StepResult {
  loss: number;
  gradNorm: number;
}

export class AdamW {
  readonly config: AdamWConfig;
  private readonly params: Map<string, tf.Variable>;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private t = 0;

  constructor(options: { params: Map<string, tf.Variable>; config?: Partial<AdamWConfig> }) {
    this.config = { ...DEFAULT_ADAMW_CONFIG, ...options.config };
    this.params = options.params;
    for (const [name, p] of this.params) {
      // tidy disposes the zero tensors; the variables (which copied them) survive it.
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    }
  }

  get step(): number {
    return this.t;
  }

  /**
   * One optimisation step on `lossFn` (which must return a scalar built from the parameters).
   * `lr` overrides the configured learning rate for this step (for schedules).
   */
  minimize(options: { lossFn: () => tf.Scalar; lr?: number }): StepResult {
    const lr = options.lr ?? this.config.lr;
    const { beta1, beta2, eps, weightDecay, gradClip } = this.config;
    const names = [...this.params.keys()];
    const varList = names.map((n) => this.params.get(n) as tf.Variable);
    this.t += 1;
    const t = this.t;
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(options.lossFn, varList);
      const gradOf = (name: string): tf.Tensor | undefined => grads[(this.params.get(name) as tf.Variable).name];
      const sq = names.map((n) => gradOf(n)).filter((g): g is tf.Tensor => g !== undefined).map((g) => tf.sum(tf.square(g)));
      const gradNorm = Math.sqrt(sq.length ? (tf.addN(sq).dataSync()[0] as number) : 0);
      const scale = gradClip > 0 && gradNorm > gradClip ? gradClip / gradNorm : 1;
      const bc1 = 1 - Math.pow(beta1, t);
      const bc2 = 1 - Math.pow(beta2, t);
      for (const name of names) {
        const g0 = gradOf(name);
        if (!g0) continue;
        const p = this.params.get(name) as tf.Variable;
        const m = this.m.get(name) as tf.Variable;
        const v = this.v.get(name) as tf.Variable;
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), eps));
        const decayed = p.rank >= 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
      }
      return { loss: value.dataSync()[0] as number, gradNorm };
    });
  }

  exportState(): AdamWState {
    const dump = (src: Map<string, tf.Variable>) => {
      const out = new Map<string, NamedWeight>();
      for (const [name, t] of src) out.set(name, { data: Float32Array.from(t.dataSync()), shape: [...t.shape] });
      return out;
    };
    return { step: this.t, m: dump(this.m), v: dump(this.v) };
  }

  loadState(state: AdamWState): void {
    this.t = state.step;
    const load = (dst: Map<string, tf.Variable>, src: Map<string, NamedWeight>) => {
      for (const [name, variable] of dst) {
        const w = src.get(name);
        if (!w) throw new Error(`AdamW: state lacks ${name}`);
        tf.tidy(() => variable.assign(tf.tensor(w.data, w.shape)));
      }
    };
    load(this.m, state.m);
    load(this.v, state.v);
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
