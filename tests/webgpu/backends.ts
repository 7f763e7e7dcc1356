// What the webgpu suites share: running a piece of work on one backend with a leak check, and comparing the numbers
// two backends produced.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, expect } from "vitest";
import { selectBackend } from "@/lib/ml/backend";
import { releaseWebGpu } from "@/lib/ml/webgpu-shim";

export type Backend = "wasm" | "webgpu";

/** Runs `fn` on a backend, checking that it leaves no tensor behind (both backends stay registered). */
export async function on<T>(backend: Backend, fn: () => Promise<T>): Promise<T> {
  await selectBackend({ force: backend });
  const before = tf.memory().numTensors;
  const out = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** The largest elementwise difference of two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** For a suite: checks webgpu can be selected before its tests, and releases Dawn (back on wasm) after them. */
export function setUpWebGpuSuite(): void {
  beforeAll(async () => {
    const selection = await selectBackend({ force: "webgpu" });
    expect(selection.name).toBe("webgpu");
  });
  afterAll(async () => {
    await releaseWebGpu();
    await selectBackend({ force: "wasm" });
  });
}
