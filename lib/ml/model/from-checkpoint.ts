// Builds a Gpt (and its tokenizer) from a policy checkpoint written by toCheckpoint (lib/ml/train/checkpoint-bridge):
// the model config lives under checkpoint.config.model, the weights under the names documented in ./README.md.
import type { Checkpoint } from "../checkpoint";
import { Tokenizer } from "../tokenizer";
import { ZGptConfig } from "./config";
import { Gpt } from "./gpt";

export function policyFromCheckpoint(checkpoint: Checkpoint): { model: Gpt; tokenizer: Tokenizer } {
  const config = ZGptConfig.parse(checkpoint.config.model);
  const tokenizer = Tokenizer.fromJSON(checkpoint.tokenizer);
  if (tokenizer.vocabSize !== config.vocabSize) {
    throw new Error(`checkpoint: tokenizer has ${tokenizer.vocabSize} tokens, model expects ${config.vocabSize}`);
  }
  return { model: Gpt.fromWeights({ config, weights: checkpoint.weights }), tokenizer };
}
