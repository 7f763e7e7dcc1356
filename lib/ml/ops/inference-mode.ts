// "No-grad" mode, like torch.no_grad(): inside it the custom ops skip their tf.customGrad wrappers (each costs a
// fraction of a millisecond of bookkeeping) and call the plain kernels. Only for code that never takes gradients:
// sampling and scoring. Gradients taken inside it would fall back to tfjs's built-in (slow or missing on wasm) ones.

let depth = 0;

export function withoutGradients<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

export function inInferenceMode(): boolean {
  return depth > 0;
}
