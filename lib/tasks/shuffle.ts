// Per-labeler order of the completions: a Fisher-Yates shuffle with crypto randomness (no position bias across labelers).
import { randomInt } from "node:crypto";

export function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
