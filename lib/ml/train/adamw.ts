// AdamW (Loshchilov & Hutter 2019, decoupled weight decay) over named tf.Variables, with global-norm gradient
// clipping, as nanoGPT configures it: decay on matrices and embeddings (rank ≥ 2), none on biases and LayerNorm gains.
// Moments are tf.Variables we own, so the whole state can be exported to and restored from a checkpoint.
// `minimizeAccumulated` takes one step from gradients summed over micro-batches (gradient accumulation).
import * as tf from "@tensorflow/tfjs";
import type { NamedWeight } from "../model/gpt";
import { readAndDispose } from "../ops/read-tensor";
import { yieldIfDue } from "./state";

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

/** One term of an accumulated step: a scalar loss built from the parameters and its weight in the step's loss. */
export interface LossPart {
  lossFn: () => tf.Scalar;
  /** Multiplies this part's loss and gradient (e.g. the part's share of the batch, so the sum is the batch mean). */
  weight: number;
}

export interface StepResult {
  loss: number;
  gradNorm: number;
}

/**
 * Σ weight·∇part by parameter name and Σ weight·part loss over `parts`, each part's gradients taken in its own tf.tidy
 * so its activations are freed before the next part runs. A parameter no part reached has no entry. The caller owns
 * (and disposes) the returned tensors.
 */
export async function accumulateGradients(options: { params: ReadonlyMap<string, tf.Variable>; parts: LossPart[] }): Promise<{
  loss: number;
  grads: Record<string, tf.Tensor>;
}> {
  const { params, parts } = options;
  if (parts.length === 0) throw new Error("AdamW: no loss parts to minimise");
  const names = [...params.keys()];
  const varList = names.map((n) => params.get(n) as tf.Variable);
  // Each part's loss (a scalar) is kept past its tidy and read once every part has run: an await cannot run inside a
  // tidy, and reading between parts would make a GPU wait for each part's kernels before queueing the next part's.
  const partLosses: tf.Tensor[] = [];
  let acc: Record<string, tf.Tensor> = {};
  try {
    for (const { lossFn, weight } of parts) {
      await yieldIfDue(); // many parts make a long step: let the worker's heartbeat run between them
      const next = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(lossFn, varList);
        partLosses.push(tf.keep(value));
        const out: Record<string, tf.Tensor> = { ...acc }; // entries no gradient reaches this time carry over as is
        names.forEach((name, i) => {
          const g = grads[(varList[i] as tf.Variable).name];
          if (!g) return;
          const weighted = weight === 1 ? g : tf.mul(g, weight); // same shape as the parameter
          const prev = acc[name];
          out[name] = prev ? tf.add(prev, weighted) : weighted;
        });
        return out;
      });
      for (const [name, t] of Object.entries(acc)) if (next[name] !== t) t.dispose();
      acc = next;
    }
    let loss = 0;
    for (const [i, { weight }] of parts.entries()) loss += weight * ((await readAndDispose(partLosses[i] as tf.Tensor))[0] as number);
    return { loss, grads: acc };
  } catch (err) {
    tf.dispose(Object.values(acc));
    throw err;
  } finally {
    tf.dispose(partLosses); // those a failure left unread
  }
}

/**
 * Σ terms, added left to right in float32 as one addN over all of them would (so wasm's sums are unchanged), in addN
 * calls of at most 8 inputs: webgpu's AddN binds one storage buffer per input plus its output, and WebGPU guarantees
 * only 8 per shader stage (a model has dozens of parameters).
 */
function sumInOrder(terms: tf.Tensor[]): tf.Tensor {
  let total = terms[0] as tf.Tensor;
  for (let i = 1; i < terms.length; i += 6) total = tf.addN([total, ...terms.slice(i, i + 6)]);
  return total;
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
  minimize(options: { lossFn: () => tf.Scalar; lr?: number }): Promise<StepResult> {
    return this.minimizeAccumulated({ parts: [{ lossFn: options.lossFn, weight: 1 }], lr: options.lr });
  }

  /**
   * One optimisation step on the weighted sum of several losses, e.g. the micro-batches of one batch (gradient
   * accumulation): ∇ = Σ weight·∇part, each part's gradients taken in its own tf.tidy so its activations are freed
   * before the next part runs; then the same global-norm clipping and AdamW update as `minimize`.
   * Returns loss = Σ weight·part loss and the norm of the accumulated gradient (before clipping).
   */
  async minimizeAccumulated(options: { parts: LossPart[]; lr?: number }): Promise<StepResult> {
    const { loss, grads } = await this.accumulate(options.parts);
    try {
      return { loss, gradNorm: await this.applyStep({ grads, lr: options.lr }) };
    } finally {
      tf.dispose(Object.values(grads));
    }
  }

  /**
   * Σ weight·∇part by parameter name and Σ weight·part loss, without updating anything: the first half of
   * `minimizeAccumulated`, for adding gradients computed elsewhere (another thread's replica) before `applyStep`.
   * A parameter no part reached has no entry. The caller owns (and disposes) the returned tensors.
   */
  accumulate(parts: LossPart[]): Promise<{ loss: number; grads: Record<string, tf.Tensor> }> {
    return accumulateGradients({ params: this.params, parts });
  }

  /**
   * One optimisation step from gradients by parameter name (a parameter without an entry is not updated): global-norm
   * clipping and the AdamW update, as `minimizeAccumulated` ends. Returns the gradient norm before clipping.
   */
  applyStep(options: { grads: Record<string, tf.Tensor>; lr?: number }): Promise<number> {
    this.t += 1;
    return this.applyGradients({ grads: options.grads, lr: options.lr ?? this.config.lr });
  }

  /** The parameters this optimizer updates, by the names its gradients and state use (do not dispose them). */
  parameters(): ReadonlyMap<string, tf.Variable> {
    return this.params;
  }

  /**
   * Clips `grads` (by parameter name) to the global norm and applies one AdamW update at step `this.t`; returns the norm.
   * The squared norm is the step's one read (asynchronous, so it also runs on webgpu); the clip scale is then computed
   * in float64 as before, which keeps every backend's update identical to the synchronous version's.
   */
  private async applyGradients(options: { grads: Record<string, tf.Tensor>; lr: number }): Promise<number> {
    const { grads, lr } = options;
    const { beta1, beta2, eps, weightDecay, gradClip } = this.config;
    const t = this.t;
    const present = [...this.params.keys()].filter((name) => grads[name] !== undefined);
    const normSq = present.length ? tf.tidy(() => sumInOrder(present.map((name) => tf.sum(tf.square(grads[name] as tf.Tensor))))) : null;
    const gradNorm = Math.sqrt(normSq ? ((await readAndDispose(normSq))[0] as number) : 0);
    tf.tidy(() => {
      const scale = gradClip > 0 && gradNorm > gradClip ? gradClip / gradNorm : 1;
      const bc1 = 1 - Math.pow(beta1, t);
      const bc2 = 1 - Math.pow(beta2, t);
      for (const name of present) {
        const g0 = grads[name] as tf.Tensor;
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
    });
    return gradNorm;
  }

  async exportState(): Promise<AdamWState> {
    const dump = async (src: Map<string, tf.Variable>) => {
      const out = new Map<string, NamedWeight>();
      for (const [name, t] of src) out.set(name, { data: Float32Array.from(await t.data()), shape: [...t.shape] });
      return out;
    };
    return { step: this.t, m: await dump(this.m), v: await dump(this.v) };
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
