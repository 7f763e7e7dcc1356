// Custom ops with wasm-friendly gradients (see lib/ml/model/README.md for the measurements behind them).
export { matMul, linear, sumRows, transposeLast } from "./matmul";
export { embedding } from "./embedding";
export { crossEntropy, tokenLogProbs } from "./cross-entropy";
export { layerNorm, gelu } from "./layer-norm";
export { installWasmFastPaths } from "./wasm-kernels";
export { withoutGradients, inInferenceMode } from "./inference-mode";
