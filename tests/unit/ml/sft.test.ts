import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { buildSequenceBatch } from "@/lib/ml/rl/sequence";
import { Rng } from "@/lib/ml/sampling/rng";
import { SftTrainer, maskedNll, sftStateFromCheckpoint, sftStateToCheckpoint, toSftExample, trainSft, type SftExample } from "@/lib/ml/sft";
import { trainBpe } from "@/lib/ml/tokenizer";
import type { Checkpoint } from "@/lib/ml/checkpoint";

// Vocabulary: 0–5 ordinary tokens, 6 = EOS, 7 ends a prompt (as the newline after a prompt does in Podium).
const EOS = 6;
const V = 8;
const config = makeGptConfig({ vocabSize: V, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, tieWeights: false });

beforeAll(async () => {
  await useWasmBackend();
});

describe("the SFT loss mask", () => {
  it("puts loss and gradient on the response tokens and the EOS token, none on the prompt", () => {
    // Prompt [1, 2, 3], response [4, 5] + EOS: positions 0..4 predict 2, 3, 4, 5, EOS.
    const example = toSftExample({ prompt: [1, 2, 3], response: [4, 5], eosId: EOS, maxTokens: 16 });
    expect(example).toEqual({ prompt: [1, 2, 3], response: [4, 5, EOS] });
    const batch = buildSequenceBatch({ prompts: [example.prompt], responses: [example.response], padId: 0 });
    expect(Array.from(batch.targets)).toEqual([2, 3, 4, 5, EOS]);
    expect(Array.from(batch.mask)).toEqual([0, 0, 1, 1, 1]);

    const logits = tf.tensor2d(Float32Array.from({ length: 5 * V }, (_, i) => Math.sin(i * 1.7)), [5, V]); // [N, V]
    const loss = maskedNll({ logits, targets: batch.targets, mask: batch.mask });
    // By hand: the mean of −log softmax(logits[t])[target t] over t = 2, 3, 4.
    const rows = logits.arraySync() as number[][];
    const nll = (t: number) => {
      const row = rows[t] as number[];
      const z = Math.log(row.reduce((s, x) => s + Math.exp(x), 0));
      return z - (row[batch.targets[t] as number] as number);
    };
    expect(loss.dataSync()[0]).toBeCloseTo((nll(2) + nll(3) + nll(4)) / 3, 5);

    const grad = tf.grad((x: tf.Tensor) => maskedNll({ logits: x, targets: batch.targets, mask: batch.mask }))(logits);
    const g = grad.arraySync() as number[][];
    for (const t of [0, 1]) expect(Math.max(...(g[t] as number[]).map(Math.abs))).toBe(0);
    // At the EOS position the gradient pushes the EOS logit up: (softmax − onehot)/3 is negative there.
    expect((g[4] as number[])[EOS]).toBeLessThan(0);
    expect(Math.max(...(g[4] as number[]).map(Math.abs))).toBeGreaterThan(0);
    tf.dispose([logits, loss, grad]);
  });

  it("keeps an EOS already at the end, and fits the context by cutting the prompt from the left first", () => {
    expect(toSftExample({ prompt: [1, 2], response: [4, EOS], eosId: EOS, maxTokens: 16 }).response).toEqual([4, EOS]);
    expect(toSftExample({ prompt: [1, 2, 3, 4, 5], response: [4, 5], eosId: EOS, maxTokens: 5 })).toEqual({ prompt: [4, 5], response: [4, 5, EOS] });
    expect(toSftExample({ prompt: [1, 2, 3], response: [4, 5, 4, 5], eosId: EOS, maxTokens: 4 })).toEqual({ prompt: [3], response: [4, 5, 4] });
  });

  it("encodes a text response through the shipped tokenizer path with EOS as its last target", () => {
    const tokenizer = trainBpe({ text: "the cat sat on the mat. ".repeat(30), vocabSize: 280 });
    const example = toSftExample({ prompt: tokenizer.encode("Q?\n"), response: tokenizer.encode("the cat"), eosId: tokenizer.eosId, maxTokens: 64 });
    const batch = buildSequenceBatch({ prompts: [example.prompt], responses: [example.response], padId: 0 });
    const last = batch.seqLen - 1;
    expect(batch.targets[last]).toBe(tokenizer.eosId);
    expect(batch.mask[last]).toBe(1);
  });
});

function makeExamples(count: number, seed: number): SftExample[] {
  const rng = new Rng(seed);
  // The demonstrated rule: answer with the prompt's first token twice, then stop.
  return Array.from({ length: count }, () => {
    const prompt = [...Array.from({ length: 2 + rng.int(3) }, () => rng.int(6)), 7];
    return toSftExample({ prompt, response: [prompt[0] as number, prompt[0] as number], eosId: EOS, maxTokens: 16 });
  });
}

describe("the SFT trainer", () => {
  it("lowers the train and held-out loss and raises the probability of EOS after the answer", async () => {
    const policy = Gpt.create({ config, seed: 5 });
    const examples = makeExamples(48, 1);
    const held = makeExamples(16, 2);
    const before = tf.memory().numTensors;
    const eosProb = () =>
      tf.tidy(() => {
        const { logits } = policy.forward({ ids: tf.tensor2d([[1, 2, 7, 1, 1]], [1, 5], "int32"), logits: "all" });
        return (tf.softmax(logits as tf.Tensor).arraySync() as number[][][])[0]?.[4]?.[EOS] ?? 0;
      });
    const eosBefore = eosProb();
    const result = await trainSft({
      policy,
      examples,
      evalExamples: held,
      config: { steps: 60, batchSize: 8, lr: 1e-2, warmupSteps: 0, lrSchedule: "constant", evalEvery: 30 },
    });
    const trainer = new SftTrainer({ policy, examples, evalExamples: held, config: { steps: 1 } });
    const heldAfter = await trainer.evaluate();
    trainer.dispose();
    const fresh = Gpt.create({ config, seed: 5 });
    const freshTrainer = new SftTrainer({ policy: fresh, examples, evalExamples: held, config: { steps: 1 } });
    const heldBefore = await freshTrainer.evaluate();
    freshTrainer.dispose();
    fresh.dispose();
    expect(result.steps).toBe(60);
    expect(result.lastEvalLoss).not.toBeNull();
    expect(heldAfter).toBeLessThan(heldBefore * 0.7);
    expect(result.lastMetrics?.loss ?? Infinity).toBeLessThan(heldBefore * 0.7);
    expect(eosProb()).toBeGreaterThan(Math.max(0.5, eosBefore));
    expect(tf.memory().numTensors).toBe(before);
    policy.dispose();
  });

  it("resumed from a checkpoint, continues to the same weights as an uninterrupted run", async () => {
    const examples = makeExamples(24, 3);
    const cfg = { steps: 8, batchSize: 4, lr: 5e-3, warmupSteps: 2, evalEvery: 0 };
    const straight = Gpt.create({ config, seed: 9 });
    await trainSft({ policy: straight, examples, config: cfg });
    const wanted = await straight.exportWeights();
    straight.dispose();

    const first = Gpt.create({ config, seed: 9 });
    const stop = new AbortController();
    const saved: { checkpoint: Checkpoint | null } = { checkpoint: null };
    const tok = trainBpe({ text: "abc abc abd ".repeat(20), vocabSize: 260 }).toJSON();
    const part = await trainSft({
      policy: first,
      examples,
      config: cfg,
      signal: stop.signal,
      checkpointEvery: 3,
      onMetrics: (m) => {
        if (m.step === 3) stop.abort();
      },
      onCheckpoint: (state) => {
        saved.checkpoint = sftStateToCheckpoint({ state, modelConfig: config, tokenizer: tok });
      },
    });
    first.dispose();
    expect(part.stopped).toBe(true);
    if (!saved.checkpoint) throw new Error("no checkpoint was saved");
    const resume = sftStateFromCheckpoint({ checkpoint: saved.checkpoint });
    expect(resume.step).toBe(3);
    const second = Gpt.create({ config, seed: 77 });
    const rest = await trainSft({ policy: second, examples, resume });
    expect(rest.steps).toBe(8);
    const got = await second.exportWeights();
    second.dispose();
    for (const [name, w] of wanted) {
      const g = got.get(name);
      expect(g).toBeDefined();
      let diff = 0;
      w.data.forEach((x, i) => (diff = Math.max(diff, Math.abs(x - (g?.data[i] as number)))));
      expect(diff, name).toBeLessThan(1e-5);
    }
  });
});
