// Reading a tensor's values without blocking: `await tensor.data()` works on every backend, while dataSync cannot run
// on webgpu under Node (Dawn has no synchronous GPU read). Used after a tf.tidy has returned the tensors to read.
import type * as tf from "@tensorflow/tfjs";

/** The values of `tensor` as float32 (read asynchronously); the tensor is disposed after the read, even on failure. */
export async function readAndDispose(tensor: tf.Tensor): Promise<Float32Array> {
  try {
    const values = await tensor.data();
    return values instanceof Float32Array ? values : Float32Array.from(values);
  } finally {
    tensor.dispose();
  }
}
