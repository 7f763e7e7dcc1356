// Reward model: the policy's transformer (initialised from policy weights) with a scalar head on the final hidden
// state of the last real token of each right-padded sequence. After InstructGPT (Ouyang et al. 2022, §3.5) and
// Stiennon et al. 2020; the head reads h[b, len_b − 1] so padding after the sequence never changes its reward.
import * as tf from "@tensorflow/tfjs";
import { type GptConfig, ZGptConfig } from "../model/config";
import { Gpt, type NamedWeight } from "../model/gpt";
import { linear } from "../ops/matmul";

export interface RewardForwardOptions {
  /** Token ids [B, T] (int32), right-padded. */
  ids: tf.Tensor;
  /** Real length of each row (≥ 1); the reward is read at position length − 1. */
  lengths: number[];
}

export class RewardModel {
  readonly config: GptConfig;
  readonly body: Gpt;
  private readonly head: Map<string, tf.Variable>;

  private constructor(body: Gpt, head: Map<string, tf.Variable>) {
    this.body = body;
    this.config = body.config;
    this.head = head;
  }

  /** Fresh reward model (random transformer), deterministic for a seed. */
  static create(options: { config: GptConfig; seed?: number }): RewardModel {
    const config = ZGptConfig.parse(options.config);
    const seed = options.seed ?? 4321;
    const body = Gpt.create({ config, seed });
    const d = config.nEmbd;
    const head = new Map<string, tf.Variable>([
      ["score.weight", tf.tidy(() => tf.variable(tf.randomNormal([d, 1], 0, 1 / Math.sqrt(d + 1), "float32", seed + 100_003)))],
      ["score.bias", tf.tidy(() => tf.variable(tf.zeros([1])))],
    ]);
    return new RewardModel(body, head);
  }

  /**
   * Reward model whose transformer starts from a policy's weights (names as in Gpt; an untied lm_head is ignored).
   * The scalar head starts random (seeded).
   */
  static fromPolicy(options: { config: GptConfig; policyWeights: Map<string, NamedWeight>; seed?: number }): RewardModel {
    const model = RewardModel.create({ config: options.config, seed: options.seed });
    model.body.loadWeights(options.policyWeights);
    return model;
  }

  /** Scalar rewards [B]. */
  forward(options: RewardForwardOptions): tf.Tensor {
    const h = this.features(options); // [B, D]
    const r = linear({ x: h, weight: this.p("score.weight"), bias: this.p("score.bias") }); // [B, 1]
    return tf.reshape(r, [h.shape[0] as number]); // [B]
  }

  /** What the scalar head reads: the final hidden state of each row's last real token [B, D]. */
  features(options: RewardForwardOptions): tf.Tensor {
    const { ids, lengths } = options;
    const [b, t] = ids.shape as [number, number];
    if (lengths.length !== b) throw new Error(`RewardModel: ${lengths.length} lengths for ${b} rows`);
    const last = lengths.map((len) => {
      if (len < 1 || len > t) throw new Error(`RewardModel: length ${len} outside [1, ${t}]`);
      return len - 1;
    });
    const { hidden } = this.body.forward({ ids, logits: "none" }); // [B, T, D]
    const pick = tf.oneHot(tf.tensor1d(last, "int32"), t); // [B, T]
    return tf.sum(tf.mul(hidden, tf.expandDims(pick, 2)), 1); // [B, D]
  }

  private p(name: string): tf.Variable {
    const v = this.head.get(name);
    if (!v) throw new Error(`RewardModel: no parameter ${name}`);
    return v;
  }

  /** Trainable variables by name: the transformer (without an untied lm_head, which the reward never uses) + head. */
  variables(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [name, v] of this.body.variables()) if (name !== "lm_head.weight") out.set(name, v);
    for (const [name, v] of this.head) out.set(name, v);
    return out;
  }

  async exportWeights(): Promise<Map<string, NamedWeight>> {
    const out = await this.body.exportWeights();
    for (const [name, v] of this.head) out.set(name, { data: Float32Array.from(await v.data()), shape: [...v.shape] }); // a copy: snapshots must not follow later steps
    return out;
  }

  /** Loads transformer and head weights (all must be present). */
  loadWeights(weights: Map<string, NamedWeight>): void {
    this.body.loadWeights(weights);
    for (const [name, variable] of this.head) {
      const w = weights.get(name);
      if (!w) throw new Error(`RewardModel: weights lack ${name}`);
      tf.tidy(() => variable.assign(tf.tensor(w.data, w.shape)));
    }
  }

  dispose(): void {
    this.body.dispose();
    for (const v of this.head.values()) v.dispose();
  }
}
