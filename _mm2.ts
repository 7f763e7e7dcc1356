import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";
async function main() {
  setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + "/");
  await tf.setBackend("wasm"); await tf.ready();
  for (const [sa, sb] of [[[64,128,48],[64,48,128]], [[64,128,128],[64,128,48]], [[16,1,48],[16,48,100]], [[64,1,48],[64,48,100]]] as number[][][]) {
    const a = tf.randomNormal(sa!), b = tf.randomNormal(sb!);
    const run = (mode: string) => tf.tidy(() => {
      if (mode === "bmm") return tf.matMul(a, b);
      const as = tf.unstack(a), bs = tf.unstack(b);
      return tf.stack(as.map((x, i) => tf.matMul(x, bs[i]!)));
    });
    for (const mode of ["bmm", "loop"]) {
      run(mode).dispose();
      const n = 5; const t0 = performance.now();
      for (let i = 0; i < n; i++) { const c = run(mode); c.dataSync(); c.dispose(); }
      console.log(JSON.stringify(sa), JSON.stringify(sb), mode, ((performance.now() - t0) / n).toFixed(2) + "ms");
    }
  }
}
main();
