import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { generate, generateWithoutCache, sampleToken } from "@/lib/ml/sampling/generate";
import { Rng } from "@/lib/ml/sampling/rng";

const EOS = 0;
const config = makeGptConfig({ vocabSize: 41, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 16, initStd: 0.3 });
let model: Gpt;

beforeAll(async () => {
  await useWasmBackend();
  model = Gpt.create({ config, seed: 11 });
});
afterAll(() => model.dispose());

describe("generate", () => {
  it("with a KV cache produces the same greedy tokens as recomputing the whole sequence each step", async () => {
    const prompts = [[5, 6, 7], [9, 3, 2, 8, 1]];
    const cached = await generate({ model, prompts, eosId: -1, seed: 1, config: { temperature: 0, maxNewTokens: 12 } });
    for (const [i, prompt] of prompts.entries()) {
      const reference = await generateWithoutCache({ model, prompt, maxNewTokens: 12, eosId: -1 });
      expect(cached[i]?.tokens).toEqual(reference);
    }
  });

  it("is reproducible for a seed, differs between seeds, and does not depend on how rows are batched", async () => {
    const prompts = [[1, 2, 3], [4, 5, 6]];
    const opts = { model, prompts, numSamples: 5, eosId: -1, config: { maxNewTokens: 10 } };
    const a = await generate({ ...opts, seed: 42 });
    const b = await generate({ ...opts, seed: 42 });
    const c = await generate({ ...opts, seed: 43 });
    const small = await generate({ ...opts, seed: 42, maxBatchRows: 2 });
    expect(a.map((x) => x.tokens)).toEqual(b.map((x) => x.tokens));
    expect(a.map((x) => x.tokens)).toEqual(small.map((x) => x.tokens));
    expect(a.map((x) => x.tokens)).not.toEqual(c.map((x) => x.tokens));
    expect(new Set(a.slice(0, 5).map((x) => x.tokens.join(","))).size).toBeGreaterThan(1); // 5 samples of one prompt differ
  });

  it("returns log-probs that match log softmax(logits / temperature) recomputed by a full forward pass", async () => {
    const prompt = [3, 1, 4];
    const temperature = 0.7;
    const [c] = await generate({ model, prompts: [prompt], eosId: -1, seed: 5, config: { temperature, maxNewTokens: 6 } });
    const tokens = c?.tokens as number[];
    const seq = [...prompt, ...tokens];
    const expected = tf.tidy(() => {
      const logits = model.forward({ ids: tf.tensor2d(seq, [1, seq.length], "int32") }).logits as tf.Tensor; // [1, T, V]
      const logp = tf.logSoftmax(tf.div(tf.reshape(logits, [seq.length, 41]), temperature)).arraySync() as number[][];
      return tokens.map((t, i) => logp[prompt.length - 1 + i]?.[t] as number);
    });
    c?.logProbs.forEach((lp, i) => expect(lp).toBeCloseTo(expected[i] as number, 3));
  });

  it("stops each row at its own EOS, keeps the EOS token as the last one, and says how each row ended", async () => {
    // Make EOS likely: a large temperature flattens the distribution over 41 tokens.
    const out = await generate({ model, prompts: [[7, 7]], numSamples: 16, eosId: EOS, seed: 3, config: { temperature: 3, maxNewTokens: 30 } });
    const finished = out.filter((c) => c.finished);
    expect(finished.length).toBeGreaterThan(0);
    for (const c of finished) {
      expect(c.tokens[c.tokens.length - 1]).toBe(EOS);
      expect(c.tokens.slice(0, -1)).not.toContain(EOS);
      expect(c.logProbs).toHaveLength(c.tokens.length);
      expect(c.finishReason).toBe("eos");
    }
    for (const c of out.filter((x) => !x.finished)) {
      expect(c.tokens).toHaveLength(30);
      expect(c.finishReason).toBe("length");
    }
    expect(new Set(out.map((c) => c.tokens.length)).size).toBeGreaterThan(1);
  });

  it("leaves no tensors behind", async () => {
    await generate({ model, prompts: [[1]], eosId: EOS, seed: 1, config: { maxNewTokens: 2 } }); // builds the model's cached head
    const before = tf.memory().numTensors;
    await generate({ model, prompts: [[1, 2], [3, 4, 5]], numSamples: 3, eosId: EOS, seed: 9, config: { maxNewTokens: 8 } });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("sampleToken", () => {
  const logits = Float32Array.from([2, 1, 0.5, 0.1, -1, -3]);

  it("with top-k = 2 only ever returns one of the two most likely tokens", () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) seen.add(sampleToken({ logits, config: { temperature: 1, topK: 2, topP: 1, maxNewTokens: 1 }, rng }).token);
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it("with top-p keeps the smallest prefix reaching p and samples every kept token", () => {
    const rng = new Rng(2);
    const seen = new Set<number>();
    // softmax(logits) ≈ [0.54, 0.20, 0.12, 0.08, 0.03, 0.004]: p = 0.8 keeps tokens 0, 1, 2.
    for (let i = 0; i < 500; i++) seen.add(sampleToken({ logits, config: { temperature: 1, topK: 0, topP: 0.8, maxNewTokens: 1 }, rng }).token);
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it("follows the softmax distribution at the given temperature", () => {
    const rng = new Rng(3);
    const counts = new Array<number>(6).fill(0);
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const t = sampleToken({ logits, config: { temperature: 2, topK: 0, topP: 1, maxNewTokens: 1 }, rng }).token;
      counts[t] = (counts[t] as number) + 1;
    }
    const z = Array.from(logits).reduce((s, l) => s + Math.exp(l / 2), 0);
    expect((counts[0] as number) / n).toBeCloseTo(Math.exp(1) / z, 1);
    expect((counts[4] as number) / n).toBeCloseTo(Math.exp(-0.5) / z, 1);
  });
});
