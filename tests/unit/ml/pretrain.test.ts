import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { type PretrainConfig, pretrain } from "@/lib/ml/pretrain/train-lm";
import { cosineLr } from "@/lib/ml/train/schedule";
import type { TrainerState } from "@/lib/ml/train/state";

beforeAll(useWasmBackend);

const config = makeGptConfig({ vocabSize: 20, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 });
/** A stream with structure: "a b c … " counting patterns the model can learn quickly. */
const tokens = Int32Array.from({ length: 3000 }, (_, i) => (i % 7 === 6 ? 19 : (i * 3) % 11));
const small: Partial<PretrainConfig> = { batchSize: 4, seqLen: 16, lr: 1e-2, minLr: 1e-3, warmupSteps: 5, evalEvery: 20, evalBatches: 2 };

describe("pretrain", () => {
  it("lowers training and held-out loss on a patterned token stream without leaking tensors", async () => {
    const model = Gpt.create({ config, seed: 1 });
    const before = tf.memory().numTensors;
    const seen: { step: number; loss: number; valLoss?: number }[] = [];
    const result = await pretrain({ model, tokens, config: { ...small, steps: 60 }, onMetrics: (m) => seen.push(m) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.steps).toBe(60);
    const vals = seen.filter((m) => m.valLoss !== undefined).map((m) => m.valLoss as number);
    expect(vals.length).toBe(3);
    expect(vals[2] as number).toBeLessThan((vals[0] as number) * 0.8);
    expect(result.finalLoss).toBeLessThan((seen[0]?.loss as number) * 0.5);
    expect(result.bestValLoss).toBe(Math.min(...vals));
    model.dispose();
  });

  it("resumes on the same loss curve: 2N steps equal N + resume + N", async () => {
    const cfg = { ...small, steps: 10, evalEvery: 0 };
    const a = Gpt.create({ config, seed: 2 });
    const straight: number[] = [];
    await pretrain({ model: a, tokens, config: cfg, onMetrics: (m) => straight.push(m.loss) });
    a.dispose();

    const b = Gpt.create({ config, seed: 2 });
    let saved: TrainerState<PretrainConfig> | null = null;
    await pretrain({ model: b, tokens, config: cfg, checkpointEvery: 5, onCheckpoint: (s) => { if (s.step === 5) saved = s; } });
    b.dispose();
    const c = Gpt.create({ config, seed: 3 });
    const resumed: number[] = [];
    await pretrain({ model: c, tokens, resume: saved as unknown as TrainerState<PretrainConfig>, onMetrics: (m) => resumed.push(m.loss) });
    c.dispose();
    expect(resumed).toHaveLength(5);
    resumed.forEach((l, i) => expect(l).toBeCloseTo(straight[5 + i] as number, 4));
  });

  it("stops at the next step when the abort signal fires", async () => {
    const model = Gpt.create({ config, seed: 4 });
    const controller = new AbortController();
    const result = await pretrain({
      model,
      tokens,
      config: { ...small, steps: 100, evalEvery: 0 },
      signal: controller.signal,
      onMetrics: (m) => m.step === 4 && controller.abort(),
    });
    expect(result.stopped).toBe(true);
    expect(result.steps).toBe(4);
    model.dispose();
  });
});

describe("cosineLr", () => {
  it("warms up linearly, peaks, and decays to the floor", () => {
    const at = (step: number) => cosineLr({ step, lr: 1, minLr: 0.1, warmupSteps: 10, totalSteps: 110 });
    expect(at(0)).toBeCloseTo(0.1, 6);
    expect(at(9)).toBeCloseTo(1, 6);
    expect(at(60)).toBeCloseTo(0.55, 6);
    expect(at(110)).toBeCloseTo(0.1, 6);
    expect(at(30)).toBeGreaterThan(at(80));
  });
});
