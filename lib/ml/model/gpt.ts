// Decoder-only transformer policy built from raw tf.Variables: pre-LayerNorm blocks, causal multi-head
// self-attention, learned positions, GELU MLP, optional tied output embedding, no dropout, optional KV cache.
// Follows GPT-2 (Radford et al. 2019) as written in Karpathy's minGPT/nanoGPT; layout documented in ./README.md.
import * as tf from "@tensorflow/tfjs";
import { embedding } from "../ops/embedding";
import { gelu, layerNorm } from "../ops/layer-norm";
import { linear, matMul, transposeLast } from "../ops/matmul";
import { inInferenceMode } from "../ops/inference-mode";
import { installWasmFastPaths } from "../ops/wasm-kernels";
import { type GptConfig, ZGptConfig } from "./config";

/** Cached keys and values of one block, heads folded into the batch: keys already transposed, [B·H, hd, S]; values [B·H, S, hd]. */
export type LayerKv = {
  key: tf.Tensor;
  value: tf.Tensor;
};

/** Per-block K/V of every position seen so far; `length` = S. */
export type KvCache = {
  layers: LayerKv[];
  length: number;
};

export interface GptForwardOptions {
  /** Token ids [B, T] (int32). With `past`, these are the T new tokens at positions past.length … past.length+T−1. */
  ids: tf.Tensor;
  /** K/V of earlier positions, from a previous call with `returnCache`. */
  past?: KvCache;
  /** Also return the K/V cache extended by these T positions. */
  returnCache?: boolean;
  /** Which logits to compute: every position (training), the last one only (generation), or none (reward model). */
  logits?: "all" | "last" | "none";
}

/** A plain object type (not an interface) so tf.tidy can return it. */
export type GptForwardResult = {
  /** [B, T, V] ("all"), [B, 1, V] ("last"), or undefined ("none"). */
  logits: tf.Tensor | undefined;
  /** Final hidden states after ln_f, [B, T, D]. */
  hidden: tf.Tensor;
  cache?: KvCache;
};

/** Plain weight record for checkpoints. */
export interface NamedWeight {
  data: Float32Array;
  shape: number[];
}

const MASK_NEG = -1e9;

/** One block's weights as the decoding step uses them: [1, in, out] (a batch of one for the fused matmul kernel). */
type DecodeLayerWeights = {
  /** c_attn with its query columns (weight and bias) multiplied by 1/√hd. */
  qkv: tf.Tensor;
  qkvBias: tf.Tensor;
  proj: tf.Tensor;
  fc: tf.Tensor;
  mlpProj: tf.Tensor;
};

interface DecodeWeights {
  layers: DecodeLayerWeights[];
  /** Output head [1, D, V]. */
  head: tf.Tensor;
  /** dataId of every parameter when these were built. */
  sources: object[];
}

export class Gpt {
  readonly config: GptConfig;
  private readonly params: Map<string, tf.Variable>;
  private readonly causalMask: tf.Tensor; // [T_max, T_max], 0 on and below the diagonal, −1e9 above
  /** Transposed output head for inference, and the weight buffer it was computed from (refreshed when it changes). */
  private headT: { tensor: tf.Tensor; source: object } | null = null;
  /** Prepared weights of the decoding step, and the parameter buffers they were computed from. */
  private decode: DecodeWeights | null = null;

  private constructor(config: GptConfig, params: Map<string, tf.Variable>) {
    installWasmFastPaths(); // zero-copy Identity: tfjs clones every tensor it saves for backprop
    this.config = config;
    this.params = params;
    const t = config.blockSize;
    this.causalMask = tf.tidy(() =>
      tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([t, t]), -1, 0)), MASK_NEG),
    );
  }

  /** Fresh model with GPT-2 initialisation, deterministic for a given seed. */
  static create(options: { config: GptConfig; seed?: number }): Gpt {
    const config = ZGptConfig.parse(options.config);
    let seed = options.seed ?? 1234;
    const { vocabSize: v, blockSize: t, nLayer: l, nEmbd: d, mlpRatio, initStd } = config;
    const params = new Map<string, tf.Variable>();
    const normal = (name: string, shape: number[], std: number) =>
      params.set(name, tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, "float32", seed++))));
    const constant = (name: string, shape: number[], value: number) =>
      params.set(name, tf.tidy(() => tf.variable(tf.fill(shape, value))));
    const residualStd = initStd / Math.sqrt(2 * l);
    normal("wte.weight", [v, d], initStd);
    normal("wpe.weight", [t, d], initStd);
    for (let i = 0; i < l; i++) {
      const p = `h.${i}.`;
      constant(`${p}ln_1.weight`, [d], 1);
      constant(`${p}ln_1.bias`, [d], 0);
      normal(`${p}attn.c_attn.weight`, [d, 3 * d], initStd);
      constant(`${p}attn.c_attn.bias`, [3 * d], 0);
      normal(`${p}attn.c_proj.weight`, [d, d], residualStd);
      constant(`${p}attn.c_proj.bias`, [d], 0);
      constant(`${p}ln_2.weight`, [d], 1);
      constant(`${p}ln_2.bias`, [d], 0);
      normal(`${p}mlp.c_fc.weight`, [d, mlpRatio * d], initStd);
      constant(`${p}mlp.c_fc.bias`, [mlpRatio * d], 0);
      normal(`${p}mlp.c_proj.weight`, [mlpRatio * d, d], residualStd);
      constant(`${p}mlp.c_proj.bias`, [d], 0);
    }
    constant("ln_f.weight", [d], 1);
    constant("ln_f.bias", [d], 0);
    if (!config.tieWeights) normal("lm_head.weight", [d, v], initStd);
    return new Gpt(config, params);
  }

  /** Model whose weights are copied from named arrays (e.g. a checkpoint). Every expected name must be present. */
  static fromWeights(options: { config: GptConfig; weights: Map<string, NamedWeight> }): Gpt {
    const model = Gpt.create({ config: options.config });
    model.loadWeights(options.weights);
    return model;
  }

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`Gpt: no parameter ${name}`);
    return v;
  }

  forward(options: GptForwardOptions): GptForwardResult {
    const { ids, past, returnCache = false, logits: which = "all" } = options;
    const { nLayer, nHead, nEmbd: d, blockSize, layerNormEps: eps } = this.config;
    const [b, t] = ids.shape as [number, number];
    const pastLen = past?.length ?? 0;
    if (pastLen + t > blockSize) throw new Error(`Gpt: ${pastLen + t} positions exceed blockSize ${blockSize}`);
    if (t === 1 && inInferenceMode()) return this.decodeStep({ ids, past, returnCache, which });
    const hd = d / nHead;
    const tok = embedding({ table: this.p("wte.weight"), ids }); // [B, T, D]
    const pos = tf.slice(this.p("wpe.weight"), [pastLen, 0], [t, d]); // [T, D]
    let x = tf.add(tok, pos); // [B, T, D]
    // A single new position sees every cached one: no mask needed.
    const mask = t === 1 ? null : tf.slice(this.causalMask, [pastLen, 0], [t, pastLen + t]); // [T, S]
    const present: LayerKv[] = [];
    for (let i = 0; i < nLayer; i++) {
      const p = `h.${i}.`;
      // --- causal self-attention ---
      const h1 = layerNorm({ x, gain: this.p(`${p}ln_1.weight`), bias: this.p(`${p}ln_1.bias`), eps }); // [B, T, D]
      const qkv = linear({ x: h1, weight: this.p(`${p}attn.c_attn.weight`), bias: this.p(`${p}attn.c_attn.bias`) }); // [B, T, 3D]
      // [B, T, D] → [B, H, T, hd]; with T = 1 the transpose moves nothing, a reshape suffices.
      const heads = (m: tf.Tensor) =>
        t === 1 ? tf.reshape(m, [b, nHead, 1, hd]) : tf.transpose(tf.reshape(m, [b, t, nHead, hd]), [0, 2, 1, 3]);
      const [qRaw, kRaw, vRaw] = tf.split(qkv, 3, 2) as [tf.Tensor, tf.Tensor, tf.Tensor]; // 3 × [B, T, D]
      // Keys go straight to [B, H, hd, T] (one transpose), so the cache never re-transposes its past keys.
      const kNew = t === 1 ? tf.reshape(kRaw, [b, nHead, hd, 1]) : tf.transpose(tf.reshape(kRaw, [b, t, nHead, hd]), [0, 2, 3, 1]); // [B, H, hd, T]
      let kT3 = tf.reshape(kNew, [b * nHead, hd, t]); // [B·H, hd, T]
      let v3 = tf.reshape(heads(vRaw), [b * nHead, t, hd]); // [B·H, T, hd]
      const layerPast = past?.layers[i];
      if (layerPast) {
        kT3 = tf.concat([layerPast.key, kT3], 2); // [B·H, hd, S]
        v3 = tf.concat([layerPast.value, v3], 1); // [B·H, S, hd]
      }
      if (returnCache) present.push({ key: kT3, value: v3 });
      const s = pastLen + t;
      const q3 = tf.reshape(heads(qRaw), [b * nHead, t, hd]); // [B·H, T, hd]
      const scores = tf.mul(matMul(q3, kT3), 1 / Math.sqrt(hd)); // [B·H, T, S]
      const scores4 = tf.reshape(scores, [b, nHead, t, s]); // [B, H, T, S]
      const att = tf.softmax(mask ? tf.add(scores4, mask) : scores4); // [B, H, T, S]
      const y3 = matMul(tf.reshape(att, [b * nHead, t, s]), v3); // [B·H, T, hd]
      const y =
        t === 1 ? tf.reshape(y3, [b, 1, d]) : tf.reshape(tf.transpose(tf.reshape(y3, [b, nHead, t, hd]), [0, 2, 1, 3]), [b, t, d]); // [B, T, D]
      x = tf.add(x, linear({ x: y, weight: this.p(`${p}attn.c_proj.weight`), bias: this.p(`${p}attn.c_proj.bias`) })); // [B, T, D]
      // --- MLP ---
      const h2 = layerNorm({ x, gain: this.p(`${p}ln_2.weight`), bias: this.p(`${p}ln_2.bias`), eps }); // [B, T, D]
      const f = gelu(linear({ x: h2, weight: this.p(`${p}mlp.c_fc.weight`), bias: this.p(`${p}mlp.c_fc.bias`) })); // [B, T, 4D]
      x = tf.add(x, linear({ x: f, weight: this.p(`${p}mlp.c_proj.weight`), bias: this.p(`${p}mlp.c_proj.bias`) })); // [B, T, D]
    }
    const hidden = layerNorm({ x, gain: this.p("ln_f.weight"), bias: this.p("ln_f.bias"), eps }); // [B, T, D]
    let logits: tf.Tensor | undefined;
    if (which !== "none") {
      const h = which === "last" ? tf.slice(hidden, [0, t - 1, 0], [b, 1, d]) : hidden; // [B, T', D]
      const head = this.config.tieWeights ? this.tiedHead() : this.p("lm_head.weight"); // [D, V]
      logits = linear({ x: h, weight: head }); // [B, T', V]
    }
    return { logits, hidden, cache: returnCache ? { layers: present, length: pastLen + t } : undefined };
  }

  /**
   * One new position per row without gradients (a decoding step): the same function as the general path, in about a
   * third of the kernels, because a step of a small model is bound by kernel dispatch, not arithmetic. The residual
   * stream stays [1, B, D] so every projection is one fused matmul + bias kernel on prepared [1, in, out] weights
   * (the query columns pre-scaled by 1/√hd), LayerNorm and GELU are one kernel each (lib/ml/ops), and heads are
   * folded into the batch by reshapes that move no data.
   */
  private decodeStep(options: { ids: tf.Tensor; past?: KvCache; returnCache: boolean; which: "all" | "last" | "none" }): GptForwardResult {
    const { ids, past, returnCache, which } = options;
    const { nLayer, nHead, nEmbd: d, layerNormEps: eps } = this.config;
    const b = ids.shape[0] as number;
    const hd = d / nHead;
    const pastLen = past?.length ?? 0;
    const w = this.decodeWeights();
    const fused = (x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor =>
      tf.engine().runKernel("_FusedMatMul", bias ? { a: x, b: weight, bias } : { a: x, b: weight }, {
        transposeA: false,
        transposeB: false,
        activation: "linear",
      }) as tf.Tensor; // [1, B, out]
    const tok = embedding({ table: this.p("wte.weight"), ids: tf.reshape(ids, [1, b]) }); // [1, B, D]
    let x = tf.add(tok, tf.slice(this.p("wpe.weight"), [pastLen, 0], [1, d])); // [1, B, D]
    const present: LayerKv[] = [];
    for (let i = 0; i < nLayer; i++) {
      const p = `h.${i}.`;
      const lw = w.layers[i] as DecodeLayerWeights;
      const h1 = layerNorm({ x, gain: this.p(`${p}ln_1.weight`), bias: this.p(`${p}ln_1.bias`), eps }); // [1, B, D]
      const [q, k, v] = tf.split(fused(h1, lw.qkv, lw.qkvBias), 3, 2) as [tf.Tensor, tf.Tensor, tf.Tensor]; // 3 × [1, B, D]
      // One position: [B, D] is [B, H, hd] in memory, so heads fold into the batch by reshapes alone.
      let kT3 = tf.reshape(k, [b * nHead, hd, 1]); // [B·H, hd, 1]
      let v3 = tf.reshape(v, [b * nHead, 1, hd]); // [B·H, 1, hd]
      const layerPast = past?.layers[i];
      if (layerPast) {
        kT3 = tf.concat([layerPast.key, kT3], 2); // [B·H, hd, S]
        v3 = tf.concat([layerPast.value, v3], 1); // [B·H, S, hd]
      }
      if (returnCache) present.push({ key: kT3, value: v3 });
      const att = tf.softmax(tf.matMul(tf.reshape(q, [b * nHead, 1, hd]), kT3)); // [B·H, 1, S] (q pre-scaled)
      const y = tf.reshape(tf.matMul(att, v3), [1, b, d]); // [1, B, D]
      x = tf.add(x, fused(y, lw.proj, this.p(`${p}attn.c_proj.bias`))); // [1, B, D]
      const h2 = layerNorm({ x, gain: this.p(`${p}ln_2.weight`), bias: this.p(`${p}ln_2.bias`), eps }); // [1, B, D]
      const f = gelu(fused(h2, lw.fc, this.p(`${p}mlp.c_fc.bias`))); // [1, B, 4D]
      x = tf.add(x, fused(f, lw.mlpProj, this.p(`${p}mlp.c_proj.bias`))); // [1, B, D]
    }
    const hidden = layerNorm({ x, gain: this.p("ln_f.weight"), bias: this.p("ln_f.bias"), eps }); // [1, B, D]
    const logits = which === "none" ? undefined : tf.reshape(fused(hidden, w.head), [b, 1, this.config.vocabSize]); // [B, 1, V]
    return {
      logits,
      hidden: tf.reshape(hidden, [b, 1, d]), // [B, 1, D]
      cache: returnCache ? { layers: present, length: pastLen + 1 } : undefined,
    };
  }

  /** The decoding step's prepared weights, rebuilt when any parameter's buffer changed (a training step, a load). */
  private decodeWeights(): DecodeWeights {
    const sources = [...this.params.values()].map((v) => v.dataId);
    const cached = this.decode;
    if (cached && cached.sources.length === sources.length && cached.sources.every((id, i) => id === sources[i])) return cached;
    this.disposeDecodeWeights();
    const { nLayer, nEmbd: d, nHead } = this.config;
    const scale = 1 / Math.sqrt(d / nHead);
    const as3 = (m: tf.Tensor) => tf.keep(tf.expandDims(m, 0)); // [1, in, out]
    const built = tf.tidy(() => {
      const qScale = tf.concat([tf.fill([d], scale), tf.ones([2 * d])]); // [3D]: scales the query columns only
      const layers: DecodeLayerWeights[] = [];
      for (let i = 0; i < nLayer; i++) {
        const p = `h.${i}.`;
        layers.push({
          qkv: as3(tf.mul(this.p(`${p}attn.c_attn.weight`), qScale)), // [1, D, 3D]
          qkvBias: tf.keep(tf.mul(this.p(`${p}attn.c_attn.bias`), qScale)), // [3D]
          proj: as3(this.p(`${p}attn.c_proj.weight`)), // [1, D, D]
          fc: as3(this.p(`${p}mlp.c_fc.weight`)), // [1, D, 4D]
          mlpProj: as3(this.p(`${p}mlp.c_proj.weight`)), // [1, 4D, D]
        });
      }
      const head = this.config.tieWeights ? transposeLast(this.p("wte.weight")) : this.p("lm_head.weight"); // [D, V]
      return { layers, head: as3(head) };
    });
    this.decode = { ...built, sources };
    return this.decode;
  }

  private disposeDecodeWeights(): void {
    if (!this.decode) return;
    for (const l of this.decode.layers) tf.dispose([l.qkv, l.qkvBias, l.proj, l.fc, l.mlpProj]);
    this.decode.head.dispose();
    this.decode = null;
  }

  /**
   * wteᵀ [D, V] for the tied output head. Under withoutGradients (sampling, scoring) it is computed once per weight
   * update and kept: the transpose costs more than the whole head matmul of a decoding step on wasm.
   */
  private tiedHead(): tf.Tensor {
    const wte = this.p("wte.weight");
    if (!inInferenceMode()) return transposeLast(wte);
    if (!this.headT || this.headT.source !== wte.dataId) {
      this.headT?.tensor.dispose();
      this.headT = { tensor: tf.keep(transposeLast(wte)), source: wte.dataId };
    }
    return this.headT.tensor;
  }

  /** The live variables by name (do not dispose them). */
  variables(): Map<string, tf.Variable> {
    return this.params;
  }

  /** Same as variables(): named weights for optimizers and checkpoints. */
  getWeights(): Map<string, tf.Tensor> {
    return new Map(this.params);
  }

  /** Assign named tensors to the matching variables; shapes must agree. Names not in the model are an error. */
  setWeights(weights: Map<string, tf.Tensor>): void {
    for (const [name, value] of weights) {
      const variable = this.p(name);
      if (!tf.util.arraysEqual(variable.shape, value.shape)) {
        throw new Error(`Gpt: ${name} has shape [${value.shape}], expected [${variable.shape}]`);
      }
      variable.assign(value);
    }
  }

  /** Copy weights out as plain arrays (checkpoint format). */
  async exportWeights(): Promise<Map<string, NamedWeight>> {
    const out = new Map<string, NamedWeight>();
    for (const [name, v] of this.params) out.set(name, { data: Float32Array.from(await v.data()), shape: [...v.shape] }); // a copy: snapshots must not follow later steps
    return out;
  }

  /** Load plain arrays; every parameter of this model must be present (extra names are ignored). */
  loadWeights(weights: Map<string, NamedWeight>): void {
    for (const [name, variable] of this.params) {
      const w = weights.get(name);
      if (!w) throw new Error(`Gpt: weights lack ${name}`);
      if (!tf.util.arraysEqual(variable.shape, w.shape)) {
        throw new Error(`Gpt: ${name} has shape [${w.shape}], expected [${variable.shape}]`);
      }
      tf.tidy(() => variable.assign(tf.tensor(w.data, w.shape)));
    }
  }

  numParams(): number {
    let n = 0;
    for (const v of this.params.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.causalMask.dispose();
    this.headT?.tensor.dispose();
    this.disposeDecodeWeights();
  }
}

/** Dispose every tensor of a KV cache. */
export function disposeKvCache(cache: KvCache | undefined): void {
  if (!cache) return;
  for (const l of cache.layers) tf.dispose([l.key, l.value]);
}
