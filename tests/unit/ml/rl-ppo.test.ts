import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { type PpoMetrics, PpoTrainer, type PpoState, trainPpo } from "@/lib/ml/rl/ppo";
import type { PpoConfig } from "@/lib/ml/rl/ppo-config";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import type { RewardFunction } from "@/lib/ml/rl/types";

// Vocabulary: 0–5 ordinary tokens, 6 = EOS, 7 = PAD. The synthetic reward is the fraction of response tokens equal to 3.
const EOS = 6;
const PAD = 7;
const TARGET = 3;
const config = makeGptConfig({ vocabSize: 8, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: false });
const prompts = [[0, 1], [2, 4, 5], [1, 1, 0], [5, 2], [4, 0, 2], [0, 5]];

const targetFraction: RewardFunction = ({ responses }) =>
  responses.map((r) => {
    const body = r.filter((t) => t !== EOS);
    return body.length ? body.filter((t) => t === TARGET).length / body.length : 0;
  });

const tinyPpo: Partial<PpoConfig> = {
  batchSize: 16,
  miniBatchSize: 8,
  ppoEpochs: 2,
  maxNewTokens: 6,
  temperature: 1,
  lr: 3e-3,
  lrSchedule: "constant",
  missingEosScore: null,
  rewardStats: { mean: 0.15, std: 0.2 },
  kl: { mode: "fixed", initCoef: 0.2, target: 6, horizon: 10_000 },
};

function makeModels(seed: number) {
  const policy = Gpt.create({ config, seed });
  const reference = Gpt.fromWeights({ config, weights: policy.exportWeights() });
  const valueModel = new SharedValueHead({ hiddenSize: config.nEmbd, seed: seed + 1 });
  const dispose = () => {
    policy.dispose();
    reference.dispose();
    valueModel.dispose();
  };
  return { policy, reference, valueModel, dispose };
}

beforeAll(async () => {
  await useWasmBackend();
});

describe("PPO", () => {
  it("raises the mean synthetic reward while the KL to the reference stays bounded", async () => {
    const m = makeModels(11);
    const history: PpoMetrics[] = [];
    const t0 = Date.now();
    const result = await trainPpo({
      ...m,
      reward: targetFraction,
      prompts,
      eosId: EOS,
      padId: PAD,
      config: { ...tinyPpo, steps: 25, seed: 5 },
      onMetrics: (x) => history.push(x),
    });
    console.log(history.map((h) => `${h.step} r=${h.rewardRaw.toFixed(3)} kl=${h.kl.toFixed(3)} ent=${h.entropy.toFixed(3)} pg=${h.policyLoss.toFixed(3)} vf=${h.valueLoss.toFixed(3)} cf=${h.clipFrac.toFixed(3)} len=${h.responseLength.toFixed(2)}`).join("\n"), (Date.now() - t0) / 1000);
    m.dispose();
    const first = history.slice(0, 3).reduce((a, h) => a + h.rewardRaw, 0) / 3;
    const last = history.slice(-3).reduce((a, h) => a + h.rewardRaw, 0) / 3;
    expect(result.steps).toBe(25);
    expect(last).toBeGreaterThan(first + 0.2);
    for (const h of history) expect(h.kl).toBeLessThan(5);
  });
});
