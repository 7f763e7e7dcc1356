// A supervised example as token ids: the prompt and the response, the response always ending with EOS so the model
// learns to stop (InstructGPT's demonstrations are finished answers), fitted to the model's context the way TRL's
// SFTTrainer truncates: prompt tokens are dropped from the left first, then the response's tail is cut.

export interface SftExample {
  /** Prompt token ids (at least one token). */
  prompt: number[];
  /** Response token ids ending with EOS (unless the context cut it). */
  response: number[];
}

export interface ToSftExampleOptions {
  prompt: readonly number[];
  response: readonly number[];
  eosId: number;
  /** Prompt + response tokens at most (the model's context, or less). */
  maxTokens: number;
}

/** The example with EOS appended to the response (if it lacks one) and fitted into `maxTokens`. */
export function toSftExample(options: ToSftExampleOptions): SftExample {
  const { eosId, maxTokens } = options;
  if (options.prompt.length < 1) throw new Error("toSftExample: empty prompt (start prompts with at least one token)");
  if (maxTokens < 2) throw new Error("toSftExample: maxTokens must leave room for a prompt token and a response token");
  const response = options.response.at(-1) === eosId ? [...options.response] : [...options.response, eosId];
  const keep = Math.max(1, Math.min(options.prompt.length, maxTokens - response.length));
  const prompt = options.prompt.slice(options.prompt.length - keep);
  return { prompt, response: response.slice(0, maxTokens - prompt.length) };
}
