// Trains a byte-level BPE vocabulary (Sennrich et al. 2016; byte-level as in GPT-2; the loop follows karpathy/minbpe).
// Counts are kept incrementally: each merge only revisits the words that contain the merged pair, and the best pair
// comes from a max-heap with lazy deletion, so a ~4k vocabulary on a few MB of text trains in seconds.
import { Tokenizer } from "./tokenizer";
import { PAIR_BASE, pairKey } from "./merge";
import { compilePattern, DEFAULT_PRETOKENIZE_PATTERN, pretokenize } from "./pretokenize";

export interface TrainBpeConfig {
  /** Total vocabulary size including the 256 byte tokens and the two special tokens (EOS, PAD). */
  vocabSize: number;
  /** Stop early when the most frequent pair occurs fewer times than this. Default 2. */
  minPairCount: number;
  /** Pre-tokenisation regex source (flags "gu"). Default: GPT-2's pattern, see pretokenize.ts. */
  pattern: string;
}

export const DEFAULT_TRAIN_BPE_CONFIG: TrainBpeConfig = {
  vocabSize: 4096,
  minPairCount: 2,
  pattern: DEFAULT_PRETOKENIZE_PATTERN,
};

export interface TrainBpeOptions extends Partial<TrainBpeConfig> {
  text: string;
  /** Called every `progressEvery` merges with (merges done, merges planned). */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

const BYTE_TOKENS = 256;
/** Longest chunk (in UTF-16 units) counted as one word during training; longer ones are cut into pieces. */
const MAX_TRAIN_CHUNK = 256;
const SPECIAL_TOKENS = 2;

/** Max-heap of (count, key) ordered by count desc, then key asc (a deterministic tie-break). */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  private above(i: number, j: number): boolean {
    const ci = this.counts[i]!;
    const cj = this.counts[j]!;
    return ci > cj || (ci === cj && this.keys[i]! < this.keys[j]!);
  }

  private swap(i: number, j: number): void {
    const c = this.counts[i]!;
    this.counts[i] = this.counts[j]!;
    this.counts[j] = c;
    const k = this.keys[i]!;
    this.keys[i] = this.keys[j]!;
    this.keys[j] = k;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { count: number; key: number } | undefined {
    const n = this.counts.length;
    if (n === 0) return undefined;
    const top = { count: this.counts[0]!, key: this.keys[0]! };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (n > 1) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < n - 1 && this.above(l, best)) best = l;
        if (r < n - 1 && this.above(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

/** Learns merges from `text` and returns a tokenizer with vocabSize = 256 + merges + 2 (EOS, PAD). */
export function trainBpe(options: TrainBpeOptions): Tokenizer {
  const config: TrainBpeConfig = {
    vocabSize: options.vocabSize ?? DEFAULT_TRAIN_BPE_CONFIG.vocabSize,
    minPairCount: options.minPairCount ?? DEFAULT_TRAIN_BPE_CONFIG.minPairCount,
    pattern: options.pattern ?? DEFAULT_TRAIN_BPE_CONFIG.pattern,
  };
  if (!Number.isInteger(config.vocabSize) || config.vocabSize < BYTE_TOKENS + SPECIAL_TOKENS) {
    throw new Error(`trainBpe: vocabSize must be an integer ≥ ${BYTE_TOKENS + SPECIAL_TOKENS}, got ${config.vocabSize}`);
  }
  if (config.vocabSize > PAIR_BASE) throw new Error(`trainBpe: vocabSize must be ≤ ${PAIR_BASE}`);
  const plannedMerges = config.vocabSize - BYTE_TOKENS - SPECIAL_TOKENS;

  // 1. Unique chunks with their frequencies; each chunk becomes a word of byte ids.
  const chunkCounts = new Map<string, number>();
  const count = (chunk: string): void => {
    chunkCounts.set(chunk, (chunkCounts.get(chunk) ?? 0) + 1);
  };
  for (const chunk of pretokenize(options.text, compilePattern(config.pattern))) {
    if (chunk.length <= MAX_TRAIN_CHUNK) {
      count(chunk);
      continue;
    }
    // A huge chunk (text without spaces) would be rescanned by every merge it takes part in: cut it into
    // pieces for counting only. Encoding still sees the whole chunk.
    const codePoints = Array.from(chunk);
    for (let i = 0; i < codePoints.length; i += MAX_TRAIN_CHUNK) count(codePoints.slice(i, i + MAX_TRAIN_CHUNK).join(""));
  }
  const encoder = new TextEncoder();
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [chunk, count] of chunkCounts) {
    const bytes = encoder.encode(chunk);
    if (bytes.length < 2) continue; // a single byte never takes part in a merge
    words.push(Array.from(bytes));
    freqs.push(count);
  }

  // 2. Pair counts and, per pair, the words it occurs in (may hold stale entries; they are skipped).
  const counts = new Map<number, number>();
  const where = new Map<number, number[]>();
  const noteWord = (key: number, w: number): void => {
    const list = where.get(key);
    if (!list) where.set(key, [w]);
    else if (list[list.length - 1] !== w) list.push(w);
  };
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    const f = freqs[w]!;
    for (let i = 0; i + 1 < word.length; i++) {
      const key = pairKey(word[i]!, word[i + 1]!);
      counts.set(key, (counts.get(key) ?? 0) + f);
      noteWord(key, w);
    }
  }
  const heap = new PairHeap();
  for (const [key, c] of counts) heap.push(c, key);

  // 3. Merge the most frequent pair. Only the words that contain it are visited, and only the pairs next to each
  //    merged occurrence change: (p, a) → (p, Z) and (b, n) → (Z, n), as in HuggingFace tokenizers' Word::merge.
  const merges: Array<[number, number]> = [];
  const every = options.progressEvery ?? 100;
  const delta = new Map<number, number>();
  const change = (key: number, d: number): void => {
    delta.set(key, (delta.get(key) ?? 0) + d);
  };
  while (merges.length < plannedMerges) {
    const top = heap.pop();
    if (!top) break;
    const current = counts.get(top.key) ?? 0;
    if (current !== top.count) continue; // stale heap entry
    if (current < config.minPairCount) break;
    const a = Math.floor(top.key / PAIR_BASE);
    const b = top.key % PAIR_BASE;
    const id = BYTE_TOKENS + merges.length;
    merges.push([a, b]);

    delta.clear();
    const list = where.get(top.key) ?? [];
    where.delete(top.key);
    for (const w of list) {
      const word = words[w]!;
      const f = freqs[w]!;
      let out: number[] | null = null;
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === a && word[i + 1] === b) {
          if (!out) out = word.slice(0, i);
          if (out.length > 0) {
            const p = out[out.length - 1]!;
            change(pairKey(p, a), -f);
            change(pairKey(p, id), f);
            noteWord(pairKey(p, id), w);
          }
          if (i + 2 < word.length) {
            const n = word[i + 2]!;
            change(pairKey(b, n), -f);
            change(pairKey(id, n), f);
            noteWord(pairKey(id, n), w);
          }
          change(top.key, -f);
          out.push(id);
          i++;
        } else if (out) {
          out.push(word[i]!);
        }
      }
      if (out) words[w] = out;
    }
    for (const [key, d] of delta) {
      if (d === 0) continue;
      const c = (counts.get(key) ?? 0) + d;
      if (c > 0) {
        counts.set(key, c);
        heap.push(c, key);
      } else {
        counts.delete(key);
      }
    }
    if (options.onProgress && merges.length % every === 0) options.onProgress(merges.length, plannedMerges);
  }

  return new Tokenizer({ merges, pattern: config.pattern });
}
