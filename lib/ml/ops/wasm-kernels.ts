// Kernels of our own for the wasm backend. (1) Identity without a copy: tfjs clones every tensor it saves for the
// backward pass (engine.clone → Identity), and the wasm Identity kernel copies the buffer, while its Reshape kernel
// (like the cpu backend's Identity) just shares it by reference count. Sharing is safe: tfjs kernels never write into
// their inputs and Variable.assign swaps buffers instead of writing in place. (2) For inference only (no gradients):
// LayerNorm and GELU as one kernel each, computed in JavaScript on the wasm heap. A decoding step is bound by kernel
// dispatch (~250 tfjs kernels for a few thousand numbers each), and these replace 9 and 7 kernels.
import * as tf from "@tensorflow/tfjs";

/** Kernel names of the inference-only fused ops (run through tf.engine().runKernel). */
export const LAYER_NORM_KERNEL = "PodiumLayerNorm";
export const GELU_KERNEL = "PodiumGelu";

const GELU_2C = 2 * Math.sqrt(2 / Math.PI);

/** What a wasm kernel needs of the backend: an output buffer and views of tensors on the heap. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function heapBackend(backend: unknown): HeapBackend {
  const b = backend as Partial<HeapBackend>;
  if (typeof b.makeOutput !== "function" || typeof b.typedArrayFromHeap !== "function") {
    throw new Error("wasm kernels: the backend has no heap access");
  }
  return b as HeapBackend;
}

/** (x − mean) / sqrt(var + eps) · gain + bias over the last axis, mean and variance accumulated in float64. */
function layerNormKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, gain, bias } = args.inputs as { x: tf.TensorInfo; gain: tf.TensorInfo; bias: tf.TensorInfo };
  const eps = Number(args.attrs?.eps ?? 1e-5);
  const backend = heapBackend(args.backend);
  const out = backend.makeOutput([...x.shape], "float32"); // allocate first: a heap growth detaches older views
  const xs = backend.typedArrayFromHeap(x);
  const g = backend.typedArrayFromHeap(gain);
  const b = backend.typedArrayFromHeap(bias);
  const ys = backend.typedArrayFromHeap(out);
  const c = x.shape[x.shape.length - 1] as number;
  for (let row = 0; row < xs.length; row += c) {
    let mean = 0;
    for (let i = 0; i < c; i++) mean += xs[row + i] as number;
    mean /= c;
    let variance = 0;
    for (let i = 0; i < c; i++) {
      const d = (xs[row + i] as number) - mean;
      variance += d * d;
    }
    const rstd = 1 / Math.sqrt(variance / c + eps);
    for (let i = 0; i < c; i++) ys[row + i] = ((xs[row + i] as number) - mean) * rstd * (g[i] as number) + (b[i] as number);
  }
  return out;
}

/** x·σ(2u), u = √(2/π)·(x + 0.044715·x³): GPT-2's tanh GELU, element by element. */
function geluKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const backend = heapBackend(args.backend);
  const out = backend.makeOutput([...x.shape], "float32");
  const xs = backend.typedArrayFromHeap(x);
  const ys = backend.typedArrayFromHeap(out);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i] as number;
    const twoU = v * (1 + 0.044715 * v * v) * GELU_2C;
    ys[i] = v / (1 + Math.exp(-twoU));
  }
  return out;
}

let installed = false;

/** Zero-copy Identity and the fused inference kernels for the wasm backend. Idempotent; a no-op without wasm. */
export function installWasmFastPaths(): void {
  if (installed) return;
  installed = true;
  if (!tf.getKernel("Identity", "wasm")) return;
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  tf.registerKernel({ kernelName: LAYER_NORM_KERNEL, backendName: "wasm", kernelFunc: layerNormKernel });
  tf.registerKernel({ kernelName: GELU_KERNEL, backendName: "wasm", kernelFunc: geluKernel });
}

/** True when `kernel` runs on the active backend (the fused kernels exist for wasm only). */
export function hasKernel(kernel: string): boolean {
  installWasmFastPaths();
  return tf.getKernel(kernel, tf.getBackend()) !== undefined;
}
