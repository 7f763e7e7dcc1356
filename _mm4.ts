import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";
async function main() {
  setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + "/");
  await tf.setBackend("wasm"); await tf.ready();
  console.log(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"), await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"), tf.env().getBool("DEBUG"), tf.env().getBool("IS_NODE"));
  const x = tf.randomNormal([48, 128]);
  let t0 = performance.now();
  tf.tidy(() => { for (let i = 0; i < 1000; i++) tf.add(x, 1); });
  console.log("1000 adds", (performance.now() - t0).toFixed(1));
  t0 = performance.now();
  for (let i = 0; i < 1000; i++) { const y = tf.add(x, 1); y.dispose(); }
  console.log("1000 adds+dispose", (performance.now() - t0).toFixed(1));
  const s = tf.scalar(1);
  t0 = performance.now();
  for (let i = 0; i < 1000; i++) { const y = tf.add(x, s); y.dispose(); }
  console.log("1000 adds tensor scalar", (performance.now() - t0).toFixed(1));
}
main();
