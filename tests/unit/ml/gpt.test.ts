import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { disposeKvCache, Gpt } from "@/lib/ml/model/gpt";
import { makeGptConfig } from "@/lib/ml/model/config";
import { AdamW } from "@/lib/ml/train/adamw";
import { lmLoss } from "@/lib/ml/pretrain/lm-loss";
import { withoutGradients } from "@/lib/ml/ops/inference-mode";

const config = makeGptConfig({ vocabSize: 37, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, tieWeights: false });
let model: Gpt;

beforeAll(async () => {
  await useWasmBackend();
  model = Gpt.create({ config, seed: 3 });
});
afterAll(() => model.dispose());

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, (rows[0] as number[]).length], "int32");

describe("Gpt", () => {
  it("forward returns logits [B, T, V] and hidden states [B, T, D]", () => {
    tf.tidy(() => {
      const out = model.forward({ ids: ids([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]) });
      expect(out.logits?.shape).toEqual([2, 5, 37]);
      expect(out.hidden.shape).toEqual([2, 5, 16]);
      expect(model.forward({ ids: ids([[1, 2, 3]]), logits: "last" }).logits?.shape).toEqual([1, 1, 37]);
      expect(model.forward({ ids: ids([[1, 2, 3]]), logits: "none" }).logits).toBeUndefined();
    });
  });

  it("has the parameter names and shapes of the documented layout", () => {
    const shapes = new Map([...model.variables()].map(([n, v]) => [n, v.shape]));
    expect(shapes.get("wte.weight")).toEqual([37, 16]);
    expect(shapes.get("wpe.weight")).toEqual([16, 16]);
    expect(shapes.get("h.1.attn.c_attn.weight")).toEqual([16, 48]);
    expect(shapes.get("h.1.attn.c_proj.weight")).toEqual([16, 16]);
    expect(shapes.get("h.0.mlp.c_fc.weight")).toEqual([16, 64]);
    expect(shapes.get("h.0.mlp.c_proj.weight")).toEqual([64, 16]);
    expect(shapes.get("ln_f.bias")).toEqual([16]);
    expect(shapes.get("lm_head.weight")).toEqual([16, 37]);
    expect(model.numParams()).toBe(37 * 16 + 16 * 16 + 2 * (4 * 16 + 16 * 48 + 48 + 16 * 16 + 16 + 16 * 64 + 64 + 64 * 16 + 16) + 32 + 16 * 37);
  });

  it("is causal: changing a future token never changes an earlier position's logits", async () => {
    tf.tidy(() => {
      const a = model.forward({ ids: ids([[5, 6, 7, 8, 9, 10]]) }).logits as tf.Tensor;
      const b = model.forward({ ids: ids([[5, 6, 7, 30, 31, 32]]) }).logits as tf.Tensor;
      const early = tf.max(tf.abs(tf.sub(tf.slice(a, [0, 0, 0], [1, 3, 37]), tf.slice(b, [0, 0, 0], [1, 3, 37])))).dataSync()[0];
      const late = tf.max(tf.abs(tf.sub(tf.slice(a, [0, 3, 0], [1, 3, 37]), tf.slice(b, [0, 3, 0], [1, 3, 37])))).dataSync()[0];
      expect(early).toBe(0);
      expect(late).toBeGreaterThan(1e-4);
    });
  });

  it("gives the same logits with a KV cache, one token at a time, as a full forward pass", async () => {
    tf.tidy(() => {
      const seq = [[3, 1, 4, 1, 5, 9, 2], [2, 7, 1, 8, 2, 8, 1]];
      const full = model.forward({ ids: ids(seq) }).logits as tf.Tensor; // [2, 7, V]
      let step = model.forward({ ids: ids(seq.map((r) => r.slice(0, 3))), returnCache: true, logits: "last" });
      const lastRows: tf.Tensor[] = [step.logits as tf.Tensor];
      for (let t = 3; t < 7; t++) {
        const next = model.forward({ ids: ids(seq.map((r) => [r[t] as number])), past: step.cache, returnCache: true, logits: "last" });
        disposeKvCache(step.cache);
        step = next;
        lastRows.push(step.logits as tf.Tensor);
      }
      const cached = tf.concat(lastRows, 1); // [2, 5, V]
      const diff = tf.max(tf.abs(tf.sub(cached, tf.slice(full, [0, 2, 0], [2, 5, 37])))).dataSync()[0] as number;
      expect(diff).toBeLessThan(1e-4);
    });
  });

  it("gives the same logits without gradients (cached tied head) and follows weight updates", async () => {
    const tied = Gpt.create({ config: { ...config, tieWeights: true }, seed: 8 });
    const other = Gpt.create({ config: { ...config, tieWeights: true }, seed: 9 });
    const x = ids([[1, 2, 3, 4]]);
    const maxDiff = () =>
      tf.tidy(() => {
        const plain = tied.forward({ ids: x }).logits as tf.Tensor;
        const fast = withoutGradients(() => tied.forward({ ids: x }).logits as tf.Tensor);
        return tf.max(tf.abs(tf.sub(plain, fast))).dataSync()[0] as number;
      });
    expect(maxDiff()).toBeLessThan(1e-5);
    tied.loadWeights(await other.exportWeights()); // new wte buffer: the cached transpose must be rebuilt
    expect(maxDiff()).toBeLessThan(1e-5);
    x.dispose();
    tied.dispose();
    other.dispose();
  });

  it("decodes without gradients (the fused one-position step) to the logits and hidden states of the full pass, tied or not, after weight updates too", async () => {
    for (const tieWeights of [false, true]) {
      const m = Gpt.create({ config: { ...config, tieWeights }, seed: 12 });
      const other = Gpt.create({ config: { ...config, tieWeights }, seed: 13 });
      const seq = [[3, 1, 4, 1, 5, 9, 2], [2, 7, 1, 8, 2, 8, 1], [6, 6, 0, 3, 3, 2, 5]];
      const worst = () =>
        tf.tidy(() => {
          const full = m.forward({ ids: ids(seq) }); // the differentiable path, all positions
          let step = withoutGradients(() => m.forward({ ids: ids(seq.map((r) => r.slice(0, 2))), returnCache: true, logits: "last" }));
          let diff = 0;
          for (let t = 2; t < 7; t++) {
            const past = step.cache;
            step = withoutGradients(() => m.forward({ ids: ids(seq.map((r) => [r[t] as number])), past, returnCache: true, logits: "last" }));
            const logits = tf.slice(full.logits as tf.Tensor, [0, t, 0], [3, 1, 37]);
            const hidden = tf.slice(full.hidden, [0, t, 0], [3, 1, 16]);
            expect(step.logits?.shape).toEqual([3, 1, 37]);
            expect(step.hidden.shape).toEqual([3, 1, 16]);
            diff = Math.max(diff, tf.max(tf.abs(tf.sub(step.logits as tf.Tensor, logits))).dataSync()[0] as number);
            diff = Math.max(diff, tf.max(tf.abs(tf.sub(step.hidden, hidden))).dataSync()[0] as number);
          }
          return diff;
        });
      expect(worst()).toBeLessThan(1e-4);
      m.loadWeights(await other.exportWeights()); // new buffers: the step's prepared weights must be rebuilt
      expect(worst()).toBeLessThan(1e-4);
      const before = tf.memory().numTensors;
      worst();
      expect(tf.memory().numTensors).toBe(before);
      m.dispose();
      other.dispose();
    }
  });

  it("round-trips its weights through exportWeights/loadWeights into a fresh model", async () => {
    const copy = Gpt.fromWeights({ config, weights: await model.exportWeights() });
    tf.tidy(() => {
      const x = ids([[1, 2, 3, 4]]);
      const d = tf.max(tf.abs(tf.sub(model.forward({ ids: x }).logits as tf.Tensor, copy.forward({ ids: x }).logits as tf.Tensor)));
      expect(d.dataSync()[0]).toBe(0);
    });
    copy.dispose();
  });

  it("leaves no tensors behind after a training step and a cached decoding step", async () => {
    const m = Gpt.create({ config, seed: 4 });
    const opt = new AdamW({ params: m.variables() });
    const inputs = ids([[1, 2, 3, 4], [5, 6, 7, 8]]);
    const batch = { inputs, targets: Int32Array.from([2, 3, 4, 5, 6, 7, 8, 9]) };
    await opt.minimize({ lossFn: () => lmLoss({ model: m, batch }) }); // first step allocates nothing further afterwards
    const before = tf.memory().numTensors;
    const { loss } = await opt.minimize({ lossFn: () => lmLoss({ model: m, batch }) });
    expect(Number.isFinite(loss)).toBe(true);
    const first = tf.tidy(() => m.forward({ ids: inputs, returnCache: true, logits: "last" }));
    const second = tf.tidy(() => m.forward({ ids: ids([[9], [10]]), past: first.cache, returnCache: true, logits: "last" }));
    tf.dispose([first.logits as tf.Tensor, first.hidden, second.logits as tf.Tensor, second.hidden]);
    disposeKvCache(first.cache);
    disposeKvCache(second.cache);
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
    opt.dispose();
    m.dispose();
  });

  it("learns: a few AdamW steps on one repeated sequence lower the LM loss", async () => {
    const m = Gpt.create({ config, seed: 5 });
    const opt = new AdamW({ params: m.variables(), config: { lr: 3e-3 } });
    const seq = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const inputs = ids([seq.slice(0, 8)]);
    const batch = { inputs, targets: Int32Array.from(seq.slice(1)) };
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) losses.push((await opt.minimize({ lossFn: () => lmLoss({ model: m, batch }) })).loss);
    expect(losses[29] as number).toBeLessThan((losses[0] as number) * 0.5);
    inputs.dispose();
    opt.dispose();
    m.dispose();
  });
});
