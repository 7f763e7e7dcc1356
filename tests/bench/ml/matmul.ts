// Benchmark: 512³ float32 matmul throughput of the tfjs backends (GFLOP/s), so the ML benchmark can report what
// fraction of the backend's peak a training step reaches. Also times the transposed-flag matmul that the wasm
// backend runs ~10× slower. Prints one JSON line per measurement.
// Run: npx tsx tests/bench/ml/matmul.ts [--backends wasm,cpu] [--n 512] [--reps 20]
import * as tf from "@tensorflow/tfjs";
import os from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { selectBackend, ZBackendName, type TBackendName } from "../../../lib/ml/backend";

export interface MatmulBenchOptions {
  backend: TBackendName;
  /** Square size: an n×n by n×n product, 2n³ FLOPs. Default 512. */
  n?: number;
  /** Timed repetitions after 3 warm-up runs. Default 20. */
  reps?: number;
  /** Pass transposeB = true to tf.matMul (the slow path on wasm). Default false. */
  transposeB?: boolean;
}

export interface MatmulBenchResult {
  bench: "tfjs_matmul";
  backend: TBackendName;
  n: number;
  reps: number;
  transposeB: boolean;
  msPerMatmul: number;
  gflops: number;
  loadAvg1m: number;
}

/** Times `reps` products on `backend`; reading the result back is included, as a training step must. */
export async function benchMatmul(options: MatmulBenchOptions): Promise<MatmulBenchResult> {
  const n = options.n ?? 512;
  const reps = options.reps ?? 20;
  const transposeB = options.transposeB ?? false;
  await selectBackend({ force: options.backend });
  const a = tf.randomNormal([n, n], 0, 1, "float32", 1); // [n, n]
  const b = tf.randomNormal([n, n], 0, 1, "float32", 2); // [n, n]
  const once = (): void => {
    const c = tf.matMul(a, b, false, transposeB); // [n, n]
    c.dataSync();
    c.dispose();
  };
  for (let i = 0; i < 3; i++) once();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) once();
  const ms = (performance.now() - t0) / reps;
  tf.dispose([a, b]);
  return {
    bench: "tfjs_matmul",
    backend: options.backend,
    n,
    reps,
    transposeB,
    msPerMatmul: Number(ms.toFixed(3)),
    gflops: Number(((2 * n ** 3) / (ms / 1000) / 1e9).toFixed(2)),
    loadAvg1m: Number((os.loadavg()[0] ?? 0).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: "string", default: "wasm,cpu" },
      n: { type: "string", default: "512" },
      reps: { type: "string", default: "20" },
    },
  });
  const backends = z.array(ZBackendName).parse(values.backends.split(",").map((s) => s.trim()));
  const n = z.coerce.number().int().positive().parse(values.n);
  const reps = z.coerce.number().int().positive().parse(values.reps);
  for (const backend of backends) {
    // The pure-JS backend needs ~0.5 s per 512³ product: keep its repetitions low.
    const r = backend === "cpu" ? Math.min(reps, 3) : reps;
    console.log(JSON.stringify(await benchMatmul({ backend, n, reps: r })));
    if (backend === "wasm") console.log(JSON.stringify(await benchMatmul({ backend, n, reps: r, transposeB: true })));
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
