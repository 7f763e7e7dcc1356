// How prompts and completions become token sequences for every job type: the prompt, a newline, the completion,
// and EOS after a finished completion. One place, so generation, reward training, PPO and DPO agree.
import type { Tokenizer } from "@/lib/ml/tokenizer";

export function encodePrompt(tokenizer: Tokenizer, prompt: string): number[] {
  return tokenizer.encode(`${prompt.trim()}\n`);
}

/**
 * Completion ids ending with EOS — a stored completion is a finished answer — unless its finishReason is "length"
 * (generation was cut at the token limit): then no EOS, as a truncated PPO/RLOO rollout reaches the reward model.
 */
export function encodeCompletion(tokenizer: Tokenizer, completion: string, finishReason?: string | null): number[] {
  const ids = tokenizer.encode(completion);
  return finishReason === "length" ? ids : [...ids, tokenizer.eosId];
}

/** Completion text from generated ids (EOS and anything after it dropped). */
export function decodeCompletion(tokenizer: Tokenizer, ids: readonly number[]): string {
  const end = ids.indexOf(tokenizer.eosId);
  return tokenizer.decode(end >= 0 ? ids.slice(0, end) : ids).trim();
}
