// Public surface of sampling: KV-cached batched generation and the seeded RNG.
export { generate, generateWithoutCache, sampleToken, DEFAULT_SAMPLING_CONFIG } from "./generate";
export type { Completion, GenerateOptions, SamplingConfig } from "./generate";
export { Rng } from "./rng";
