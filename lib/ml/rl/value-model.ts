// Value functions for PPO: a scalar per position. Two choices, after "The N Implementation Details of RLHF with PPO":
// SharedValueHead (default here) is a linear head on the policy's own hidden states (one forward pass, half the CPU);
// SeparateValueModel is its own transformer + head, e.g. a copy of the reward model's trunk (TRL's default).
import * as tf from "@tensorflow/tfjs";
import { linear } from "../ops/matmul";
import type { NamedWeight, PolicyModel } from "./types";

export interface ValueForwardOptions {
  /** The input ids [B, S] the policy just read. */
  ids: tf.Tensor;
  /** The policy's hidden states for those ids, [B, S, D]. */
  policyHidden: tf.Tensor;
}

export interface ValueModel {
  /** Value estimate at every position, [B, S]. */
  values(options: ValueForwardOptions): tf.Tensor;
  /** Trainable variables that are not the policy's. */
  variables(): Map<string, tf.Variable>;
  exportWeights(): Promise<Map<string, NamedWeight>>;
  loadWeights(weights: Map<string, NamedWeight>): void;
  /** Disposes what the value model owns (not the policy). */
  dispose(): void;
}

async function exportVariables(vars: Map<string, tf.Variable>): Promise<Map<string, NamedWeight>> {
  const out = new Map<string, NamedWeight>();
  for (const [name, v] of vars) out.set(name, { data: Float32Array.from(await v.data()), shape: [...v.shape] }); // a copy
  return out;
}

function loadVariables(vars: Map<string, tf.Variable>, weights: Map<string, NamedWeight>, who: string): void {
  for (const [name, variable] of vars) {
    const w = weights.get(name);
    if (!w) throw new Error(`${who}: weights lack ${name}`);
    if (!tf.util.arraysEqual(variable.shape, w.shape)) {
      throw new Error(`${who}: ${name} has shape [${w.shape}], expected [${variable.shape}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(w.data, w.shape)));
  }
}

/** Weight [D, 1] ~ N(0, 1/(D+1)) (as the N-details reference code) and bias 0. */
function createHead(options: { hiddenSize: number; seed: number }): Map<string, tf.Variable> {
  const { hiddenSize: d, seed } = options;
  const head = new Map<string, tf.Variable>();
  tf.tidy(() => {
    // Inside tidy: tf.variable(x) leaves x registered, the scope disposes it (the variable keeps the data).
    head.set("v_head.weight", tf.variable(tf.randomNormal([d, 1], 0, 1 / Math.sqrt(d + 1), "float32", seed)));
    head.set("v_head.bias", tf.variable(tf.zeros([1])));
  });
  return head;
}

function applyHead(head: Map<string, tf.Variable>, hidden: tf.Tensor): tf.Tensor {
  const [b, s] = hidden.shape as [number, number, number];
  const weight = head.get("v_head.weight") as tf.Variable;
  const bias = head.get("v_head.bias") as tf.Variable;
  return tf.reshape(linear({ x: hidden, weight, bias }), [b, s]); // [B, S]
}

/** A linear head on the policy's hidden states: values share the policy's trunk (and its gradients). */
export class SharedValueHead implements ValueModel {
  private readonly head: Map<string, tf.Variable>;

  constructor(options: { hiddenSize: number; seed?: number }) {
    this.head = createHead({ hiddenSize: options.hiddenSize, seed: options.seed ?? 4321 });
  }

  values(options: ValueForwardOptions): tf.Tensor {
    return applyHead(this.head, options.policyHidden); // [B, S]
  }

  variables(): Map<string, tf.Variable> {
    return this.head;
  }

  exportWeights(): Promise<Map<string, NamedWeight>> {
    return exportVariables(this.head);
  }

  loadWeights(weights: Map<string, NamedWeight>): void {
    loadVariables(this.head, weights, "SharedValueHead");
  }

  dispose(): void {
    for (const v of this.head.values()) v.dispose();
  }
}

/**
 * A separate transformer (`trunk`, e.g. a Gpt loaded with the reward model's transformer weights) and a linear head.
 * Its variables are named "trunk/<name>" and "v_head.*". It owns the trunk: dispose() disposes it too when asked.
 */
export class SeparateValueModel implements ValueModel {
  private readonly trunk: PolicyModel & { dispose?: () => void };
  private readonly head: Map<string, tf.Variable>;
  private readonly ownsTrunk: boolean;

  constructor(options: { trunk: PolicyModel & { dispose?: () => void }; seed?: number; ownsTrunk?: boolean }) {
    this.trunk = options.trunk;
    this.ownsTrunk = options.ownsTrunk ?? true;
    this.head = createHead({ hiddenSize: options.trunk.config.nEmbd, seed: options.seed ?? 4321 });
  }

  /** The transformer under the head (a training thread rebuilds one of the same architecture). */
  trunkModel(): PolicyModel {
    return this.trunk;
  }

  values(options: ValueForwardOptions): tf.Tensor {
    const { hidden } = this.trunk.forward({ ids: options.ids, logits: "none" }); // [B, S, D]
    return applyHead(this.head, hidden); // [B, S]
  }

  variables(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [name, v] of this.trunk.variables()) out.set(`trunk/${name}`, v);
    for (const [name, v] of this.head) out.set(name, v);
    return out;
  }

  async exportWeights(): Promise<Map<string, NamedWeight>> {
    const out = await exportVariables(this.head);
    for (const [name, w] of await this.trunk.exportWeights()) out.set(`trunk/${name}`, w);
    return out;
  }

  loadWeights(weights: Map<string, NamedWeight>): void {
    loadVariables(this.head, weights, "SeparateValueModel");
    const trunk = new Map<string, NamedWeight>();
    for (const [name, w] of weights) if (name.startsWith("trunk/")) trunk.set(name.slice("trunk/".length), w);
    this.trunk.loadWeights(trunk);
  }

  dispose(): void {
    for (const v of this.head.values()) v.dispose();
    if (this.ownsTrunk) this.trunk.dispose?.();
  }
}
