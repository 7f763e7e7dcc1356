// The learning benchmark's world: prompts whose five completions are short word lists, a hidden preference that no
// length rule can reach — a completion is better the more animals and the fewer tools it names (utility = #animals −
// #tools; words are drawn with equal odds of each class, so E[utility | length] = 0) — and simulated labelers who
// rank by that utility plus Gumbel noise (a Plackett-Luce labeler; `noise` is the Gumbel scale, calibrated so that two
// labelers agree on about three pairs in four, near InstructGPT's reported inter-labeler agreement of 73 %).
import { Rng } from "@/lib/ml/sampling/rng";

export const ANIMALS = ["cat", "dog", "fox", "owl", "bee", "cow", "hen", "elk"];
export const TOOLS = ["saw", "pan", "cup", "pot", "mop", "key", "pen", "box"];
const FILLER = ["the", "a", "big", "small", "red", "old", "new", "on", "in", "with", "near", "and"];
const SCENES = ["garden", "kitchen", "street", "field", "shed", "market", "river", "barn"];

/** The hidden utility of a completion: animals named minus tools named. */
export function utility(text: string): number {
  let u = 0;
  for (const w of text.split(/\s+/)) {
    if (ANIMALS.includes(w)) u += 1;
    else if (TOOLS.includes(w)) u -= 1;
  }
  return u;
}

export interface Item {
  prompt: string;
  completions: string[];
}

/** `count` prompts with five completions of 4–12 words each (an animal, a tool or a filler word: 1/5, 1/5, 3/5). */
export function makeItems(options: { count: number; seed: number; tag: string }): Item[] {
  const rng = new Rng(options.seed);
  const pick = (xs: readonly string[]) => xs[rng.int(xs.length)] as string;
  return Array.from({ length: options.count }, (_, i) => ({
    prompt: `${options.tag} ${i}: what do you see in the ${pick(SCENES)}?`,
    completions: Array.from({ length: 5 }, () => {
      const n = 4 + rng.int(9);
      return Array.from({ length: n }, () => {
        const r = rng.next();
        return r < 0.2 ? pick(ANIMALS) : r < 0.4 ? pick(TOOLS) : pick(FILLER);
      }).join(" ");
    }),
  }));
}

/** A labeler's order of `texts` (indices, best first): utility plus Gumbel(noise) noise, sorted. */
export function noisyOrder(texts: readonly string[], noise: number, rng: Rng): number[] {
  const scored = texts.map((t, i) => ({ i, s: utility(t) - noise * Math.log(-Math.log(Math.max(rng.next(), 1e-12))) }));
  return scored.sort((a, b) => b.s - a.s).map((x) => x.i);
}

/** Pairs (i, j) of an item whose utilities differ, the better first: what held-out accuracy is measured on. */
export function decidedPairs(item: Item): [number, number][] {
  const u = item.completions.map(utility);
  const out: [number, number][] = [];
  for (let i = 0; i < u.length; i++) {
    for (let j = 0; j < u.length; j++) if ((u[i] as number) > (u[j] as number)) out.push([i, j]);
  }
  return out;
}

/** Share of the decided pairs of `items` that `score` orders as the hidden utility does (ties count one half). */
export function pairAccuracy(items: readonly Item[], score: (item: Item, index: number) => number): number {
  let right = 0;
  let total = 0;
  for (const item of items) {
    for (const [i, j] of decidedPairs(item)) {
      const a = score(item, i);
      const b = score(item, j);
      right += a > b ? 1 : a === b ? 0.5 : 0;
      total += 1;
    }
  }
  return total ? right / total : NaN;
}

/** Text the bench's tokenizer is trained on: every word of the world, in sentences like the data's. */
export function tokenizerText(): string {
  const items = makeItems({ count: 200, seed: 99, tag: "scene" });
  return items.map((it) => `${it.prompt}\n${it.completions.join(". ")}.`).join("\n");
}
