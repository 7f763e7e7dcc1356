import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";
async function main() {
  setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + "/");
  await tf.setBackend("wasm"); await tf.ready();
  const time = (label: string, f: () => tf.Tensor, n = 20) => {
    f().dispose(); const t0 = performance.now();
    for (let i = 0; i < n; i++) { const c = f(); c.dataSync(); c.dispose(); }
    console.log(label, ((performance.now() - t0) / n).toFixed(3) + "ms");
  };
  const a = tf.randomNormal([128, 48]), b = tf.randomNormal([48, 128]);
  time("2d same b", () => tf.matMul(a, b));
  time("2d fresh b", () => tf.tidy(() => tf.matMul(a, tf.add(b, 0))));
  time("add only", () => tf.add(b, 0));
  const a3 = tf.randomNormal([1, 128, 48]), b3 = tf.randomNormal([1, 48, 128]);
  time("3d batch1", () => tf.matMul(a3, b3));
  const big = tf.randomNormal([64, 128, 48]);
  time("unstack+stack", () => tf.tidy(() => tf.stack(tf.unstack(big))));
  const a4 = tf.randomNormal([2048, 192]), b4 = tf.randomNormal([192, 576]);
  time("2d big same b", () => tf.matMul(a4, b4), 5);
  time("2d big fresh b", () => tf.tidy(() => tf.matMul(a4, tf.add(b4, 0))), 5);
}
main();
