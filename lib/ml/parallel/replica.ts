// What a training thread rebuilds: the trainer's models (architecture only — the weights come from the main thread
// before every step) and their variables under the names the main thread's optimizer uses, so gradients and weights
// travel by name. A spec is plain data; `replicaSpecFor` derives one from live models, or null when a model is of a
// kind a thread cannot rebuild (then training stays on one thread).
import type * as tf from "@tensorflow/tfjs";
import { type GptConfig, ZGptConfig } from "../model/config";
import { Gpt } from "../model/gpt";
import { RewardModel } from "../reward/reward-model";
import type { PolicyModel } from "../rl/types";
import { SeparateValueModel, SharedValueHead, type ValueModel } from "../rl/value-model";
import type { TrainModels } from "./parts";

export type ValueSpec = { kind: "shared"; hiddenSize: number } | { kind: "separate"; trunk: GptConfig };

export type ReplicaSpec =
  /** A Gpt trained alone (language modelling, DPO): variables as Gpt.variables(). */
  | { kind: "gpt"; config: GptConfig }
  /** A reward model: variables as RewardModel.variables(). */
  | { kind: "reward"; config: GptConfig }
  /** PPO's policy and value model: "policy/<name>" and "value/<name>", as PpoTrainer names them. */
  | { kind: "ppo"; policy: GptConfig; value: ValueSpec };

export interface Replica {
  models: TrainModels;
  /** Trainable variables by the main optimizer's names. */
  variables: Map<string, tf.Variable>;
  dispose(): void;
}

function prefixed(prefix: string, vars: Map<string, tf.Variable>): [string, tf.Variable][] {
  return [...vars].map(([name, v]) => [`${prefix}${name}`, v]);
}

/** Builds the models a spec describes (random weights until the first step loads the main thread's). */
export function buildReplica(spec: ReplicaSpec): Replica {
  switch (spec.kind) {
    case "gpt": {
      const gpt = Gpt.create({ config: ZGptConfig.parse(spec.config) });
      return { models: { lm: gpt, policy: gpt }, variables: gpt.variables(), dispose: () => gpt.dispose() };
    }
    case "reward": {
      const reward = RewardModel.create({ config: ZGptConfig.parse(spec.config) });
      return { models: { reward }, variables: reward.variables(), dispose: () => reward.dispose() };
    }
    case "ppo": {
      const policy = Gpt.create({ config: ZGptConfig.parse(spec.policy) });
      const value: ValueModel =
        spec.value.kind === "shared"
          ? new SharedValueHead({ hiddenSize: spec.value.hiddenSize })
          : new SeparateValueModel({ trunk: Gpt.create({ config: ZGptConfig.parse(spec.value.trunk) }) });
      const variables = new Map([...prefixed("policy/", policy.variables()), ...prefixed("value/", value.variables())]);
      return {
        models: { policy, value },
        variables,
        dispose: () => {
          value.dispose();
          policy.dispose();
        },
      };
    }
  }
}

/** The value model's spec, or null for a kind a thread cannot rebuild. */
function valueSpecFor(value: ValueModel, policy: Gpt): ValueSpec | null {
  if (value instanceof SharedValueHead) return { kind: "shared", hiddenSize: policy.config.nEmbd };
  if (value instanceof SeparateValueModel) {
    const trunk = value.trunkModel();
    return trunk instanceof Gpt ? { kind: "separate", trunk: trunk.config } : null;
  }
  return null;
}

/** The spec of a trainer's models, or null when a thread could not rebuild them (training then stays on one thread). */
export function replicaSpecFor(
  models: { gpt: PolicyModel } | { reward: RewardModel } | { policy: PolicyModel; value: ValueModel },
): ReplicaSpec | null {
  if ("reward" in models) return { kind: "reward", config: models.reward.config };
  if ("gpt" in models) return models.gpt instanceof Gpt ? { kind: "gpt", config: models.gpt.config } : null;
  if (!(models.policy instanceof Gpt)) return null;
  const value = valueSpecFor(models.value, models.policy);
  return value ? { kind: "ppo", policy: models.policy.config, value } : null;
}
