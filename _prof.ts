import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";
import { Gpt } from "./lib/ml/model/gpt";
import { makeGptConfig } from "./lib/ml/model/config";
import { AdamW } from "./lib/ml/train/adamw";
import { lmLoss } from "./lib/ml/pretrain/lm-loss";
async function main() {
  setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + "/");
  await tf.setBackend("wasm"); await tf.ready();
  const [V, D, T, B, L, H] = process.argv.slice(2).map(Number) as number[];
  const config = makeGptConfig({ vocabSize: V!, nEmbd: D!, blockSize: T!, nLayer: L!, nHead: H! });
  const model = Gpt.create({ config });
  const opt = new AdamW({ params: model.variables() });
  const ids = new Int32Array(B! * T!).map(() => Math.floor(Math.random() * V!));
  const inputs = tf.tensor2d(ids, [B!, T!], "int32");
  const step = () => opt.minimize({ lossFn: () => lmLoss({ model, batch: { inputs, targets: ids } }) });
  step(); step();
  const n = 5; const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const dt = (performance.now() - t0) / n;
  console.log(JSON.stringify({ V, D, T, B, L, H, params: model.numParams(), msPerStep: dt.toFixed(1), tokPerSec: (B! * T! / dt * 1000).toFixed(0), tensors: tf.memory().numTensors }));
  if (process.env.PROFILE) {
    const prof = await tf.profile(() => { step(); });
    const agg = new Map<string, number>();
    for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${k}:${v.toFixed(1)}`).join(" "));
  }
}
main();
