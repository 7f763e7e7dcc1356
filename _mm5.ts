import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";
async function main() {
  setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + "/");
  await tf.setBackend("wasm"); await tf.ready();
  const a = tf.randomNormal([128, 48]), b = tf.randomNormal([48, 128]);
  let t0 = performance.now();
  for (let i = 0; i < 500; i++) { const y = tf.matMul(a, b); y.dispose(); }
  console.log("2d 128x48x128", ((performance.now() - t0) / 500).toFixed(3));
  const bs = Array.from({ length: 64 }, () => tf.randomNormal([48, 128]));
  t0 = performance.now();
  for (let r = 0; r < 5; r++) for (const bb of bs) { const y = tf.matMul(a, bb); y.dispose(); }
  console.log("2d distinct b", ((performance.now() - t0) / 320).toFixed(3));
  const big = tf.randomNormal([64, 128, 48]);
  t0 = performance.now();
  for (let r = 0; r < 5; r++) { const parts = tf.split(big, 64, 0); tf.dispose(parts); }
  console.log("split64", ((performance.now() - t0) / 5).toFixed(3));
  const parts = tf.split(big, 64, 0);
  t0 = performance.now();
  for (let r = 0; r < 5; r++) { const y = tf.concat(parts, 0); y.dispose(); }
  console.log("concat64", ((performance.now() - t0) / 5).toFixed(3));
  const a3 = tf.randomNormal([64, 128, 48]), b3 = tf.randomNormal([64, 48, 128]);
  t0 = performance.now();
  for (let r = 0; r < 5; r++) { const y = tf.matMul(a3, b3); y.dispose(); }
  console.log("bmm", ((performance.now() - t0) / 5).toFixed(3));
}
main();
