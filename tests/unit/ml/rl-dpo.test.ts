import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { type DpoMetrics, type DpoState, DpoTrainer, computeReferenceLogProbs, trainDpo } from "@/lib/ml/rl/dpo";
import type { DpoConfig } from "@/lib/ml/rl/dpo-config";
import type { PreferencePair } from "@/lib/ml/rl/preference-pairs";
import { Rng } from "@/lib/ml/sampling/rng";
import { YIELD_EVERY_MS, yieldIfDue } from "@/lib/ml/train/state";

// Vocabulary: 0–5 ordinary tokens, 6 = EOS. Chosen responses repeat token 3; rejected ones are random other tokens.
const EOS = 6;
const config = makeGptConfig({ vocabSize: 8, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: false });

function makePairs(options: { count: number; seed: number }): PreferencePair[] {
  const rng = new Rng(options.seed);
  const others = [0, 1, 2, 4, 5];
  return Array.from({ length: options.count }, () => {
    const prompt = Array.from({ length: 2 + rng.int(3) }, () => rng.int(6));
    const n = 2 + rng.int(3);
    return {
      prompt,
      chosen: [...Array.from({ length: n }, () => 3), EOS],
      rejected: [...Array.from({ length: n }, () => others[rng.int(5)] as number), EOS],
    };
  });
}

const tinyDpo: Partial<DpoConfig> = { batchSize: 8, lr: 3e-3, warmupSteps: 0, lrSchedule: "constant", beta: 0.1 };

async function makeModels(seed: number) {
  const policy = Gpt.create({ config, seed });
  const reference = Gpt.fromWeights({ config, weights: await policy.exportWeights() });
  return {
    policy,
    reference,
    dispose: () => {
      policy.dispose();
      reference.dispose();
    },
  };
}

beforeAll(async () => {
  await useWasmBackend();
});

describe("DPO", () => {
  it("raises the chosen-vs-rejected reward margin and lowers the loss on synthetic pairs", async () => {
    const m = await makeModels(21);
    const pairs = makePairs({ count: 32, seed: 1 });
    const evalPairs = makePairs({ count: 16, seed: 2 });
    const probe = new DpoTrainer({ policy: m.policy, reference: m.reference, pairs, evalPairs, config: tinyDpo });
    const before = await probe.evaluate();
    probe.dispose();
    const history: DpoMetrics[] = [];
    const result = await trainDpo({
      policy: m.policy,
      reference: m.reference,
      pairs,
      evalPairs,
      config: { ...tinyDpo, epochs: 6 },
      onMetrics: (x) => history.push(x),
    });
    const after = result.lastMetrics?.eval;
    console.log(
      `DPO eval before: loss ${before.loss.toFixed(4)} margin ${before.rewardMargin.toFixed(4)} acc ${before.rewardAccuracy.toFixed(2)}; ` +
        `after ${result.steps} steps: loss ${after?.loss.toFixed(4)} margin ${after?.rewardMargin.toFixed(4)} acc ${after?.rewardAccuracy.toFixed(2)} ` +
        `chosen ${after?.chosenReward.toFixed(3)} rejected ${after?.rejectedReward.toFixed(3)}; train loss ${history[0]?.loss.toFixed(4)} → ${history.at(-1)?.loss.toFixed(4)}`,
    );
    m.dispose();
    expect(result.steps).toBe(24);
    expect(before.rewardMargin).toBe(0); // policy = reference at the start
    expect(before.loss).toBeCloseTo(Math.log(2), 5);
    expect(after).toBeDefined();
    if (!after) return;
    expect(after.rewardMargin).toBeGreaterThan(0.5);
    expect(after.rewardAccuracy).toBeGreaterThan(0.9);
    expect(after.loss).toBeLessThan(before.loss - 0.2);
    expect(after.chosenReward).toBeGreaterThan(0);
    const firstLoss = history.slice(0, 4).reduce((a, h) => a + h.loss, 0) / 4;
    const lastLoss = history.slice(-4).reduce((a, h) => a + h.loss, 0) / 4;
    expect(lastLoss).toBeLessThan(firstLoss - 0.2);
  });

  it("trains the same from precomputed reference log-probs as from a live reference", async () => {
    const pairs = makePairs({ count: 8, seed: 3 });
    const runs: number[][] = [];
    for (const precompute of [false, true]) {
      const m = await makeModels(5);
      const input = precompute ? await computeReferenceLogProbs({ reference: m.reference, pairs }) : pairs;
      const result = await trainDpo({
        policy: m.policy,
        reference: precompute ? undefined : m.reference,
        pairs: input,
        config: { ...tinyDpo, steps: 2 },
      });
      runs.push([result.lastMetrics?.loss ?? NaN, result.lastMetrics?.rewardMargin ?? NaN]);
      m.dispose();
    }
    expect(runs[1]?.[0]).toBeCloseTo(runs[0]?.[0] as number, 5);
    expect(runs[1]?.[1]).toBeCloseTo(runs[0]?.[1] as number, 5);
  });

  it("takes the same steps in micro-batches (gradients accumulated) as in one pass over the batch", async () => {
    const pairs = makePairs({ count: 8, seed: 11 });
    const runs: { losses: number[]; margins: number[]; weights: Map<string, Float32Array> }[] = [];
    for (const microBatchSize of [0, 3]) {
      const m = await makeModels(9);
      const losses: number[] = [];
      const margins: number[] = [];
      await trainDpo({
        policy: m.policy,
        reference: m.reference,
        pairs,
        config: { ...tinyDpo, lr: 1e-3, steps: 3, microBatchSize },
        onMetrics: (metrics: DpoMetrics) => {
          losses.push(metrics.loss);
          margins.push(metrics.rewardMargin);
        },
      });
      runs.push({ losses, margins, weights: new Map([...await m.policy.exportWeights()].map(([k, w]) => [k, w.data])) });
      m.dispose();
    }
    const [onePass, micro] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(micro.losses).toHaveLength(3);
    micro.losses.forEach((loss, i) => expect(loss).toBeCloseTo(onePass.losses[i] as number, 5));
    micro.margins.forEach((margin, i) => expect(margin).toBeCloseTo(onePass.margins[i] as number, 5));
    let maxDiff = 0;
    for (const [name, w] of onePass.weights) {
      const other = micro.weights.get(name) as Float32Array;
      for (let i = 0; i < w.length; i++) maxDiff = Math.max(maxDiff, Math.abs((w[i] as number) - (other[i] as number)));
    }
    expect(maxDiff).toBeLessThan(1e-5);
    expect(onePass.losses[2]).not.toBeCloseTo(onePass.losses[0] as number, 3); // the steps did move the policy
  });

  it("adds the RPO NLL term on the chosen response when rpoAlpha > 0", async () => {
    const m = await makeModels(8);
    const pairs = makePairs({ count: 8, seed: 4 });
    const plain = new DpoTrainer({ policy: m.policy, reference: m.reference, pairs, config: tinyDpo });
    const withNll = new DpoTrainer({ policy: m.policy, reference: m.reference, pairs, config: { ...tinyDpo, rpoAlpha: 0.5 } });
    const a = await plain.evaluate({ pairs });
    const b = await withNll.evaluate({ pairs });
    plain.dispose();
    withNll.dispose();
    m.dispose();
    expect(a.chosenNll).toBeGreaterThan(1);
    expect(b.loss).toBeCloseTo(a.loss + 0.5 * a.chosenNll, 4);
  });

  it("resumes from a checkpoint to the same weights as an uninterrupted run, and stops when cancelled", async () => {
    const pairs = makePairs({ count: 16, seed: 5 });
    const full = await makeModels(9);
    await trainDpo({ policy: full.policy, reference: full.reference, pairs, config: { ...tinyDpo, epochs: 2 } });
    const interrupted = await makeModels(9);
    const controller = new AbortController();
    let saved: DpoState | null = null;
    const first = await trainDpo({
      policy: interrupted.policy,
      reference: interrupted.reference,
      pairs,
      config: { ...tinyDpo, epochs: 2 },
      signal: controller.signal,
      onMetrics: (x) => {
        if (x.step === 3) controller.abort();
      },
      onCheckpoint: (s) => {
        saved = s;
      },
    });
    expect(first.stopped).toBe(true);
    expect(first.steps).toBe(3);
    const state = saved as DpoState | null;
    expect(state?.step).toBe(3);
    if (!state) return;
    const resumed = Gpt.create({ config, seed: 99 });
    const second = await trainDpo({ policy: resumed, reference: interrupted.reference, pairs, resume: state });
    expect(second.steps).toBe(4);
    const diff = tf.tidy(() => {
      let worst = 0;
      for (const [name, v] of full.policy.variables()) {
        const other = resumed.variables().get(name) as tf.Variable;
        worst = Math.max(worst, tf.max(tf.abs(tf.sub(v, other))).dataSync()[0] as number);
      }
      return worst;
    });
    expect(diff).toBeLessThan(1e-6);
    full.dispose();
    interrupted.dispose();
    resumed.dispose();
  });

  it("leaks no tensors across a DPO step or a whole training run", async () => {
    const m = await makeModels(13);
    const pairs = makePairs({ count: 8, seed: 6 });
    const trainer = new DpoTrainer({ policy: m.policy, reference: m.reference, pairs, evalPairs: pairs, config: { ...tinyDpo, steps: 3 } });
    await trainer.step();
    const before = tf.memory().numTensors;
    await trainer.step();
    await trainer.step(); // the last step also evaluates
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    const beforeRun = tf.memory().numTensors;
    await trainDpo({ policy: m.policy, reference: m.reference, pairs, config: { ...tinyDpo, steps: 2 } });
    expect(tf.memory().numTensors).toBe(beforeRun);
    m.dispose();
  });
});

describe("long passes yield to the event loop", () => {
  it("lets timers run during a long synchronous stretch broken by yieldIfDue", async () => {
    let fired = 0;
    const timer = setInterval(() => (fired += 1), 1);
    try {
      for (let i = 0; i < 3; i++) {
        const until = performance.now() + YIELD_EVERY_MS + 5;
        while (performance.now() < until); // synchronous work longer than the yield interval
        await yieldIfDue();
      }
    } finally {
      clearInterval(timer);
    }
    expect(fired).toBeGreaterThan(0);
  });

  it("stops the reference pass between chunks once its signal is aborted, with the signal's reason", async () => {
    const m = await makeModels(5);
    const controller = new AbortController();
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    await expect(
      computeReferenceLogProbs({
        reference: m.reference,
        pairs: makePairs({ count: 40, seed: 9 }),
        batchSize: 4,
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          if (done >= 8) controller.abort("cancel");
        },
      }),
    ).rejects.toBe("cancel");
    expect(progress).toEqual([4, 8]);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

