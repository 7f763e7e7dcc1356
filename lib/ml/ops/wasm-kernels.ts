// Replacement for one wasm kernel that costs a full copy for nothing: tfjs clones every tensor it saves for the
// backward pass (engine.clone → Identity), and the wasm Identity kernel copies the buffer, while its Reshape kernel
// (like the cpu backend's Identity) just shares it by reference count. Sharing is safe: tfjs kernels never write
// into their inputs and Variable.assign swaps buffers instead of writing in place.
import * as tf from "@tensorflow/tfjs";

let installed = false;

/** Zero-copy Identity for the wasm backend. Idempotent; a no-op when the wasm backend is not registered. */
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
}
