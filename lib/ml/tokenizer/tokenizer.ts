// A byte-level BPE tokenizer (GPT-2 style): 256 byte tokens, the learned merges, then EOS and PAD.
// encode → decode is the identity on every valid string; decode never throws on partial UTF-8 (U+FFFD instead).
// The JSON form is validated by zod (ZTokenizerJson) so a tokenizer read from a checkpoint is checked on load.
import { z } from "zod";
import { mergePair, PAIR_BASE, pairKey } from "./merge";
import { compilePattern, DEFAULT_PRETOKENIZE_PATTERN, pretokenize } from "./pretokenize";

export const BYTE_TOKENS = 256;
export const EOS_TOKEN = "<|endoftext|>";
export const PAD_TOKEN = "<|pad|>";

export const ZTokenizerJson = z
  .object({
    type: z.literal("byte-bpe"),
    version: z.literal(1),
    pattern: z.string().min(1),
    /** merges[i] = [a, b] creates id 256 + i; a and b must be ids that exist before it. */
    merges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
    special: z.object({ eos: z.string().min(1), pad: z.string().min(1) }).strict(),
  })
  .strict()
  .superRefine((json, ctx) => {
    json.merges.forEach(([a, b], i) => {
      const limit = BYTE_TOKENS + i;
      if (a >= limit || b >= limit) {
        ctx.addIssue({ code: "custom", path: ["merges", i], message: `merge ${i} uses an id ≥ ${limit}` });
      }
    });
    if (BYTE_TOKENS + json.merges.length + 2 > PAIR_BASE) {
      ctx.addIssue({ code: "custom", path: ["merges"], message: "vocabulary larger than 65536" });
    }
    try {
      compilePattern(json.pattern);
    } catch {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "not a valid regular expression" });
    }
  });
export type TTokenizerJson = z.infer<typeof ZTokenizerJson>;

export interface TokenizerOptions {
  merges: ReadonlyArray<readonly [number, number]>;
  /** Pre-tokenisation regex source; default DEFAULT_PRETOKENIZE_PATTERN. */
  pattern?: string;
  /** Display names of the special tokens (used by decode with keepSpecial). */
  special?: { eos: string; pad: string };
}

export interface DecodeOptions {
  /** Render EOS / PAD as their names instead of dropping them. Default false. */
  keepSpecial?: boolean;
}

/** Entries of the chunk → ids cache before it is cleared (bounded memory on long corpora). */
const CACHE_LIMIT = 100_000;
/** Chunks longer than this (e.g. text without spaces, CJK) use the O(n log n) heap merge instead of rescans. */
export const LONG_CHUNK_BYTES = 64;

interface ApplyMergesOptions {
  tokens: number[];
  /** pair key → merge index (rank); the merged id is 256 + rank. */
  ranks: ReadonlyMap<number, number>;
}

/**
 * Reference merge loop (as minbpe): find the lowest-ranked pair present, merge all its occurrences left to right,
 * repeat. O(n²) in the chunk length, fastest for the short chunks of ordinary text.
 */
export function applyMergesByScan(
  options: ApplyMergesOptions & { merges: ReadonlyArray<readonly [number, number]> },
): number[] {
  let tokens = options.tokens;
  while (tokens.length > 1) {
    let bestRank = Infinity;
    for (let i = 0; i + 1 < tokens.length; i++) {
      const rank = options.ranks.get(pairKey(tokens[i]!, tokens[i + 1]!));
      if (rank !== undefined && rank < bestRank) bestRank = rank;
    }
    if (bestRank === Infinity) break;
    const [a, b] = options.merges[bestRank]!;
    tokens = mergePair(tokens, a, b, BYTE_TOKENS + bestRank) ?? tokens;
  }
  return tokens;
}

/**
 * Same result as applyMergesByScan in O(n log n): a linked list of tokens and a min-heap of (rank, position).
 * Equal ranks pop left to right, and a merge with rank r only creates pairs of higher rank (they contain id
 * 256 + r), so the order of merges is exactly the reference loop's.
 */
export function applyMergesByHeap(options: ApplyMergesOptions): number[] {
  const values = options.tokens.slice();
  const n = values.length;
  const next = Int32Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  const alive = new Uint8Array(n).fill(1);
  const heap: number[] = []; // keys rank * 2^32 + position, min-heap
  const POS = 2 ** 32;
  const push = (key: number): void => {
    heap.push(key);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= key) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = key;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && heap[r]! < heap[l]! ? r : l;
        if (heap[c]! >= last) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const rankAt = (i: number): number | undefined => {
    const j = next[i]!;
    return j < 0 ? undefined : options.ranks.get(pairKey(values[i]!, values[j]!));
  };
  for (let i = 0; i + 1 < n; i++) {
    const rank = rankAt(i);
    if (rank !== undefined) push(rank * POS + i);
  }
  while (heap.length > 0) {
    const key = pop();
    const rank = Math.floor(key / POS);
    const i = key - rank * POS;
    if (!alive[i] || rankAt(i) !== rank) continue; // stale: merged away or the pair changed
    const j = next[i]!;
    values[i] = BYTE_TOKENS + rank;
    alive[j] = 0;
    next[i] = next[j]!;
    if (next[j]! >= 0) prev[next[j]!] = i;
    const before = prev[i]!;
    if (before >= 0) {
      const r = rankAt(before);
      if (r !== undefined) push(r * POS + before);
    }
    const r = rankAt(i);
    if (r !== undefined) push(r * POS + i);
  }
  const out: number[] = [];
  for (let i = 0; i >= 0 && i < n; i = next[i]!) out.push(values[i]!);
  return out;
}

export class Tokenizer {
  readonly merges: ReadonlyArray<readonly [number, number]>;
  readonly pattern: string;
  /** 256 bytes + merges + EOS + PAD. */
  readonly vocabSize: number;
  readonly eosId: number;
  readonly padId: number;
  readonly special: { readonly eos: string; readonly pad: string };

  private readonly regex: RegExp;
  private readonly ranks = new Map<number, number>(); // pair key → merge index
  private readonly bytesOf: Uint8Array[]; // id → bytes (empty for specials)
  private readonly cache = new Map<string, number[]>();
  private readonly encoder = new TextEncoder();

  constructor(options: TokenizerOptions) {
    this.merges = options.merges.map(([a, b]) => [a, b] as const);
    this.pattern = options.pattern ?? DEFAULT_PRETOKENIZE_PATTERN;
    this.regex = compilePattern(this.pattern);
    this.special = { eos: options.special?.eos ?? EOS_TOKEN, pad: options.special?.pad ?? PAD_TOKEN };
    this.eosId = BYTE_TOKENS + this.merges.length;
    this.padId = this.eosId + 1;
    this.vocabSize = this.padId + 1;
    this.bytesOf = [];
    for (let i = 0; i < BYTE_TOKENS; i++) this.bytesOf.push(Uint8Array.of(i));
    this.merges.forEach(([a, b], i) => {
      const left = this.bytesOf[a];
      const right = this.bytesOf[b];
      if (!left || !right) throw new Error(`Tokenizer: merge ${i} uses an id that does not exist yet`);
      const bytes = new Uint8Array(left.length + right.length);
      bytes.set(left, 0);
      bytes.set(right, left.length);
      this.bytesOf.push(bytes);
      this.ranks.set(pairKey(a, b), i);
    });
    this.bytesOf.push(new Uint8Array(0), new Uint8Array(0)); // EOS, PAD
  }

  /**
   * Token ids of `text`. Never emits EOS or PAD: "<|endoftext|>" in the text is encoded as ordinary bytes.
   * A lone UTF-16 surrogate (not valid Unicode, so not representable in UTF-8) is encoded as U+FFFD.
   */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const chunk of pretokenize(text, this.regex)) {
      for (const id of this.encodeChunk(chunk)) ids.push(id);
    }
    return ids;
  }

  private encodeChunk(chunk: string): number[] {
    const cached = this.cache.get(chunk);
    if (cached) return cached;
    const bytes = Array.from(this.encoder.encode(chunk));
    const tokens =
      bytes.length <= LONG_CHUNK_BYTES
        ? applyMergesByScan({ tokens: bytes, ranks: this.ranks, merges: this.merges })
        : applyMergesByHeap({ tokens: bytes, ranks: this.ranks });
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    if (chunk.length <= LONG_CHUNK_BYTES) this.cache.set(chunk, tokens);
    return tokens;
  }

  /** The raw bytes of `ids` (specials contribute nothing); for streaming decoders. */
  decodeBytes(ids: readonly number[]): Uint8Array {
    let length = 0;
    for (const id of ids) length += this.tokenBytes(id).length;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const id of ids) {
      const bytes = this.tokenBytes(id);
      out.set(bytes, offset);
      offset += bytes.length;
    }
    return out;
  }

  /** Text of `ids`. Incomplete UTF-8 sequences become U+FFFD; an id outside the vocabulary is a RangeError. */
  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
    if (!options.keepSpecial) return decoder.decode(this.decodeBytes(ids));
    let text = "";
    let run: number[] = [];
    const flush = (): void => {
      text += decoder.decode(this.decodeBytes(run));
      run = [];
    };
    for (const id of ids) {
      if (id === this.eosId || id === this.padId) {
        flush();
        text += id === this.eosId ? this.special.eos : this.special.pad;
      } else {
        this.tokenBytes(id); // range check
        run.push(id);
      }
    }
    flush();
    return text;
  }

  /** Bytes of one token (empty for EOS and PAD). */
  tokenBytes(id: number): Uint8Array {
    const bytes = Number.isInteger(id) ? this.bytesOf[id] : undefined;
    if (!bytes) throw new RangeError(`token id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
    return bytes;
  }

  toJSON(): TTokenizerJson {
    return {
      type: "byte-bpe",
      version: 1,
      pattern: this.pattern,
      merges: this.merges.map(([a, b]) => [a, b]),
      special: { eos: this.special.eos, pad: this.special.pad },
    };
  }

  /** Validates `json` (e.g. read from disk or a checkpoint) and rebuilds the tokenizer. */
  static fromJSON(json: unknown): Tokenizer {
    const parsed = ZTokenizerJson.parse(json);
    return new Tokenizer({ merges: parsed.merges, pattern: parsed.pattern, special: parsed.special });
  }
}

/**
 * Incremental decoding for streamed generation: push ids as they are sampled and get the text they complete.
 * A character split across tokens is held back until its last byte arrives; EOS and PAD produce nothing.
 * The concatenation of every push() and the final flush() equals tokenizer.decode(ids).
 */
export class StreamingDecoder {
  private readonly tokenizer: Tokenizer;
  private decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

  constructor(options: { tokenizer: Tokenizer }) {
    this.tokenizer = options.tokenizer;
  }

  push(id: number): string {
    return this.decoder.decode(this.tokenizer.tokenBytes(id), { stream: true });
  }

  /** Text still held back (an incomplete character becomes U+FFFD); the decoder can then be reused. */
  flush(): string {
    return this.decoder.decode();
  }
}
