// Checkpoints: the binary format round-trips bit for bit, rejects corrupt bytes with a clear error, and the stores
// (directory with atomic writes, key-value adapter for the database) save, load, list and delete by key.
import * as tf from "@tensorflow/tfjs";
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignVariables,
  CheckpointFormatError,
  crc32,
  deserializeCheckpoint,
  FsCheckpointStore,
  KvCheckpointStore,
  MemoryKv,
  serializeCheckpoint,
  snapshotTensors,
  type Checkpoint,
  type CheckpointTensor,
} from "@/lib/ml/checkpoint";
import { trainBpe } from "@/lib/ml/tokenizer";
import { useWasmBackend } from "./helpers/backend";

const tokenizer = trainBpe({ text: "the cat sat on the mat. the cat ate. ".repeat(5), vocabSize: 270 }).toJSON();

function randomTensor(shape: number[], seed: number): CheckpointTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = (x / 2 ** 32 - 0.5) * 3;
  }
  return { data, shape };
}

/** A checkpoint with awkward values: NaN payloads, -0, denormals, ±Infinity, empty and scalar tensors. */
function makeCheckpoint(overrides: Partial<Checkpoint> = {}): Checkpoint {
  const odd = new Float32Array(8);
  const bits = new Uint32Array(odd.buffer);
  bits[0] = 0x7fc00001; // NaN with a payload
  bits[1] = 0xffc12345; // negative NaN
  bits[2] = 0x80000000; // -0
  bits[3] = 0x00000001; // smallest denormal
  odd[4] = Infinity;
  odd[5] = -Infinity;
  odd[6] = 3.4028234663852886e38;
  odd[7] = 1e-45;
  return {
    kind: "policy",
    config: { model: { vocabSize: 270, nLayer: 2, tieWeights: true }, trainer: { lr: 3e-4, name: "pretrain" } },
    tokenizer,
    weights: new Map([
      ["wte", randomTensor([270, 16], 1)],
      ["h.0.attn.wq", randomTensor([16, 16], 2)],
      ["h.0.ln1.g", randomTensor([16], 3)],
      ["odd", { data: odd, shape: [2, 4] }],
      ["empty", { data: new Float32Array(0), shape: [0, 5] }],
      ["scalar", { data: Float32Array.of(42.5), shape: [] }],
    ]),
    optimizer: {
      tensors: new Map([
        ["m/wte", randomTensor([270, 16], 4)],
        ["v/wte", randomTensor([270, 16], 5)],
      ]),
      scalars: { step: 1234, beta1Power: 0.9 ** 1234, beta2Power: 0.999 ** 1234, weird: NaN },
    },
    step: 1234,
    bestMetric: Infinity,
    extra: { rewardMean: -0.125, rewardStd: 1.5, note: "ünïcode ✓" },
    ...overrides,
  };
}

function bytesOf(t: CheckpointTensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function expectSameTensors(a: Map<string, CheckpointTensor>, b: Map<string, CheckpointTensor>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, t] of a) {
    const u = b.get(name)!;
    expect(u.shape).toEqual(t.shape);
    expect(Buffer.from(bytesOf(u)).equals(Buffer.from(bytesOf(t)))).toBe(true);
  }
}

describe("checkpoint format", () => {
  it("round-trips weights, optimizer state and metadata bit for bit", () => {
    const original = makeCheckpoint();
    const restored = deserializeCheckpoint(serializeCheckpoint(original));
    expectSameTensors(original.weights, restored.weights);
    expectSameTensors(original.optimizer!.tensors, restored.optimizer!.tensors);
    expect(restored.optimizer!.scalars.step).toBe(1234);
    expect(restored.optimizer!.scalars.beta1Power).toBe(0.9 ** 1234);
    expect(restored.optimizer!.scalars.weird).toBeNaN();
    expect(restored.bestMetric).toBe(Infinity);
    expect(restored.step).toBe(1234);
    expect(restored.kind).toBe("policy");
    expect(restored.config).toEqual(original.config);
    expect(restored.extra).toEqual(original.extra);
    expect(restored.tokenizer).toEqual(tokenizer);
  });

  it("serialises deterministically: the same checkpoint gives the same bytes again after a round trip", () => {
    const once = serializeCheckpoint(makeCheckpoint());
    const twice = serializeCheckpoint(deserializeCheckpoint(once));
    expect(twice.equals(once)).toBe(true);
  });

  it("places the data section and every tensor on a 4-byte boundary", () => {
    const buf = serializeCheckpoint(makeCheckpoint());
    const headerLength = buf.readUInt32LE(12);
    const header = JSON.parse(buf.toString("utf8", 32, 32 + headerLength)) as {
      weights: Array<{ offset: number }>;
      optimizer: { tensors: Array<{ offset: number }> };
    };
    const dataStart = buf.length - Number(buf.readBigUInt64LE(16));
    expect(dataStart % 4).toBe(0);
    for (const t of [...header.weights, ...header.optimizer.tensors]) expect(t.offset % 4).toBe(0);
  });

  it("keeps null optimizer state and a null best metric", () => {
    const restored = deserializeCheckpoint(serializeCheckpoint(makeCheckpoint({ optimizer: null, bestMetric: null })));
    expect(restored.optimizer).toBeNull();
    expect(restored.bestMetric).toBeNull();
  });

  it("reads bytes at an unaligned offset (as a database driver may return them) into independent copies", () => {
    const buf = serializeCheckpoint(makeCheckpoint());
    const shifted = new Uint8Array(buf.length + 3);
    shifted.set(buf, 3);
    const view = shifted.subarray(3);
    const restored = deserializeCheckpoint(view);
    const before = restored.weights.get("wte")!.data[0];
    view.fill(0);
    expect(restored.weights.get("wte")!.data[0]).toBe(before);
  });

  it("rejects a flipped data byte with a CRC error", () => {
    const buf = serializeCheckpoint(makeCheckpoint());
    buf[buf.length - 10] = buf[buf.length - 10]! ^ 0x01;
    expect(() => deserializeCheckpoint(buf)).toThrow(CheckpointFormatError);
    expect(() => deserializeCheckpoint(buf)).toThrow(/CRC32 mismatch.*corrupted/);
  });

  it("rejects a truncated buffer, a foreign file and an empty buffer", () => {
    const buf = serializeCheckpoint(makeCheckpoint());
    expect(() => deserializeCheckpoint(buf.subarray(0, buf.length - 4))).toThrow(/truncated/);
    expect(() => deserializeCheckpoint(Buffer.from("PK\u0003\u0004 a zip file, not a checkpoint at all"))).toThrow(
      /wrong magic/,
    );
    expect(() => deserializeCheckpoint(new Uint8Array(0))).toThrow(/too short/);
  });

  it("rejects a header that lies about a shape even when its checksum is valid", () => {
    const buf = serializeCheckpoint(makeCheckpoint({ optimizer: null }));
    const headerLength = buf.readUInt32LE(12);
    const text = buf.toString("utf8", 32, 32 + headerLength).replace('"shape":[270,16]', '"shape":[270,17]');
    expect(Buffer.byteLength(text)).toBe(headerLength);
    buf.write(text, 32, "utf8");
    buf.writeUInt32LE(crc32(buf.subarray(32)), 24);
    expect(() => deserializeCheckpoint(buf)).toThrow(/header does not match the schema.*length ≠ product of shape/s);
  });

  it("refuses to serialise a tensor whose data does not match its shape", () => {
    const bad = makeCheckpoint({ weights: new Map([["w", { data: new Float32Array(5), shape: [2, 3] }]]) });
    expect(() => serializeCheckpoint(bad)).toThrow(/"w" has shape \[2, 3\] but 5 values/);
  });
});

describe("FsCheckpointStore", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "podium-ckpt-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("saves, loads, lists by prefix and deletes checkpoints under nested keys", async () => {
    const store = new FsCheckpointStore({ dir: path.join(dir, randomUUID()) });
    expect(await store.list()).toEqual([]);
    await store.save("policy/v1", makeCheckpoint());
    await store.save("policy/v2", makeCheckpoint({ step: 2 }));
    await store.save("reward/v1", makeCheckpoint({ kind: "reward" }));
    expect(await store.list()).toEqual(["policy/v1", "policy/v2", "reward/v1"]);
    expect(await store.list("policy/")).toEqual(["policy/v1", "policy/v2"]);
    const loaded = await store.load("policy/v2");
    expect(loaded?.step).toBe(2);
    expectSameTensors(makeCheckpoint().weights, loaded!.weights);
    expect(await store.delete("policy/v1")).toBe(true);
    expect(await store.delete("policy/v1")).toBe(false);
    expect(await store.load("policy/v1")).toBeNull();
    expect(await store.list()).toEqual(["policy/v2", "reward/v1"]);
  });

  it("rejects keys that could escape the directory", async () => {
    const store = new FsCheckpointStore({ dir });
    for (const key of ["../evil", "/etc/passwd", "a//b", "a/../b", "", "a/./b", "with space"]) {
      await expect(store.save(key, makeCheckpoint())).rejects.toThrow(/invalid checkpoint key/);
    }
  });

  it("leaves no temporary file behind and keeps the old checkpoint when a save fails before writing", async () => {
    const store = new FsCheckpointStore({ dir: path.join(dir, randomUUID()) });
    await store.save("run/latest", makeCheckpoint({ step: 1 }));
    const bad = makeCheckpoint({ step: 2, weights: new Map([["w", { data: new Float32Array(1), shape: [2] }]]) });
    await expect(store.save("run/latest", bad)).rejects.toThrow();
    expect((await store.load("run/latest"))?.step).toBe(1);
    expect(await readdir(path.join(store.dir, "run"))).toEqual(["latest.ckpt"]);
  });

  it("never lets a reader see a half-written file while the same key is overwritten repeatedly", async () => {
    const store = new FsCheckpointStore({ dir: path.join(dir, randomUUID()) });
    const big = (step: number): Checkpoint =>
      makeCheckpoint({ step, weights: new Map([["w", randomTensor([512, 512], step)]]), optimizer: null });
    await store.save("k", big(0));
    let writing = true;
    const reads: number[] = [];
    const reader = (async () => {
      while (writing) {
        const c = await store.load("k"); // throws CheckpointFormatError on a torn file
        reads.push(c!.step);
      }
    })();
    for (let step = 1; step <= 8; step++) await store.save("k", big(step));
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    expect((await store.load("k"))?.step).toBe(8);
    expect((await readdir(store.dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("reports a corrupted file on disk as a format error, not as a missing checkpoint", async () => {
    const store = new FsCheckpointStore({ dir: path.join(dir, randomUUID()) });
    await store.save("x", makeCheckpoint());
    const file = store.pathFor("x");
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, 100));
    await expect(store.load("x")).rejects.toThrow(CheckpointFormatError);
  });
});

describe("KvCheckpointStore", () => {
  it("round-trips through a key-value adapter and keeps its keys inside its namespace", async () => {
    const kv = new MemoryKv();
    await kv.put("other/thing", new Uint8Array([1, 2, 3]));
    const store = new KvCheckpointStore({ kv });
    await store.save("policy/v1", makeCheckpoint());
    expect(await kv.list("checkpoints/")).toEqual(["checkpoints/policy/v1"]);
    expect(await store.list()).toEqual(["policy/v1"]);
    const loaded = await store.load("policy/v1");
    expectSameTensors(makeCheckpoint().optimizer!.tensors, loaded!.optimizer!.tensors);
    expect(await store.load("policy/v2")).toBeNull();
    expect(await store.delete("policy/v1")).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(await kv.get("other/thing")).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("tensor bridges", () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it("snapshots variables and assigns them back without leaking tensors", async () => {
    const a = tf.variable(tf.randomNormal([4, 3], 0, 1, "float32", 1));
    const b = tf.variable(tf.randomNormal([3], 0, 1, "float32", 2));
    const variables = new Map([
      ["a", a],
      ["b", b],
    ]);
    const before = tf.memory().numTensors;
    const snap = await snapshotTensors(variables);
    const restored = deserializeCheckpoint(serializeCheckpoint(makeCheckpoint({ weights: snap, optimizer: null })));
    tf.tidy(() => {
      a.assign(tf.zerosLike(a));
      b.assign(tf.zerosLike(b));
    });
    assignVariables({ variables, weights: restored.weights });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(a.dataSync())).toEqual(Array.from(snap.get("a")!.data));
    expect(Array.from(b.dataSync())).toEqual(Array.from(snap.get("b")!.data));
    a.dispose();
    b.dispose();
  });

  it("refuses a shape mismatch or a missing weight before assigning anything", () => {
    const a = tf.variable(tf.ones([2, 2]));
    const b = tf.variable(tf.ones([2]));
    const variables = new Map([
      ["a", a],
      ["b", b],
    ]);
    const wrongShape = new Map([
      ["a", { data: new Float32Array(4), shape: [2, 2] }],
      ["b", { data: new Float32Array(3), shape: [3] }],
    ]);
    expect(() => assignVariables({ variables, weights: wrongShape })).toThrow(/"b" is \[3\] in the checkpoint/);
    expect(Array.from(a.dataSync())).toEqual([1, 1, 1, 1]);
    const missing = new Map([["a", { data: new Float32Array(4), shape: [2, 2] }]]);
    expect(() => assignVariables({ variables, weights: missing })).toThrow(/missing \[b\]/);
    assignVariables({ variables, weights: missing, strict: false });
    expect(Array.from(a.dataSync())).toEqual([0, 0, 0, 0]);
    a.dispose();
    b.dispose();
  });
});
