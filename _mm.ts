import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";
async function main() {
  setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + "/");
  await tf.setBackend("wasm"); await tf.ready();
  const shapes: [number[], number[]][] = [
    [[2048,192],[192,4096]], [[2048,4096],[4096,192]], [[192,2048],[2048,4096]],
    [[2048,192],[192,576]], [[192,2048],[2048,576]], [[2048,576],[576,192]],
    [[2048,192],[192,768]], [[768,2048],[2048,192]],
    [[64,128,48],[64,48,128]], [[64,128,128],[64,128,48]], [[64,48,128],[64,128,128]],
    [[512,512],[512,512]],
  ];
  for (const [sa, sb] of shapes) {
    const a = tf.randomNormal(sa), b = tf.randomNormal(sb);
    tf.matMul(a, b).dispose();
    const n = 5; const t0 = performance.now();
    for (let i = 0; i < n; i++) { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }
    const ms = (performance.now() - t0) / n;
    const flops = 2 * sa.reduce((x, y) => x * y, 1) * (sb[sb.length - 1] as number);
    console.log(JSON.stringify(sa), JSON.stringify(sb), ms.toFixed(1) + "ms", (flops / ms / 1e6).toFixed(1) + " GFLOP/s");
  }
}
main();
