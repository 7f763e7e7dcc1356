// Public surface of the policy model.
export { Gpt, disposeKvCache } from "./gpt";
export type { GptForwardOptions, GptForwardResult, KvCache, LayerKv, NamedWeight } from "./gpt";
export { DEFAULT_GPT_CONFIG, ZGptConfig, makeGptConfig } from "./config";
export type { GptConfig } from "./config";
export { policyFromCheckpoint } from "./from-checkpoint";
