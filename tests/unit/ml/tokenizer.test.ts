// Byte-level BPE: learned merges on a known example, exact round trips on random Unicode (seeded, property style),
// tolerant decoding of partial UTF-8, special tokens, and the zod-validated JSON form.
import { describe, expect, it } from "vitest";
import {
  applyMergesByHeap,
  applyMergesByScan,
  compilePattern,
  DEFAULT_PRETOKENIZE_PATTERN,
  pretokenize,
  StreamingDecoder,
  Tokenizer,
  trainBpe,
} from "@/lib/ml/tokenizer";

/** mulberry32: a small seeded PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RANGES: Array<[number, number]> = [
  [0x20, 0x7e], // ASCII
  [0x09, 0x0d], // tabs, newlines, CR
  [0xa0, 0x24f], // Latin-1 and Latin Extended
  [0x300, 0x36f], // combining marks (often lone)
  [0x391, 0x3c9], // Greek
  [0x4e00, 0x4fff], // CJK
  [0x1f300, 0x1f64f], // emoji (astral, surrogate pairs)
  [0x200b, 0x200f], // zero-width space/joiners, marks
  [0xfeff, 0xfeff], // BOM
  [0x10000, 0x10ffff], // anything astral
];

/** A random valid string (no lone surrogates: those are not representable in UTF-8). */
function randomString(next: () => number, maxLength: number): string {
  const length = Math.floor(next() * maxLength);
  let s = "";
  for (let i = 0; i < length; i++) {
    const [lo, hi] = RANGES[Math.floor(next() * RANGES.length)]!;
    let cp = lo + Math.floor(next() * (hi - lo + 1));
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41;
    s += String.fromCodePoint(cp);
  }
  return s;
}

const ENGLISH =
  "Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, " +
  "and nothing particular to interest me on shore, I thought I would sail about a little and see the watery " +
  "part of the world. It is a way I have of driving off the spleen and regulating the circulation. ";

const trained = trainBpe({ text: ENGLISH.repeat(20) + "naïve café — 東京 🐳🐋 don't we'll 1234\n\n", vocabSize: 400 });

describe("trainBpe", () => {
  it("learns the textbook merges of aaabdaaabac in order, with a deterministic tie-break", () => {
    const tok = trainBpe({ text: "aaabdaaabac", vocabSize: 300 });
    const a = 97;
    const b = 98;
    // aa (4 overlapping occurrences) → 256; then ab and Za tie at 2, the lower pair (a, b) wins → 257; then 256 257.
    expect(tok.merges).toEqual([
      [a, a],
      [a, b],
      [256, 257],
    ]);
    expect(tok.encode("aaabdaaabac")).toEqual([258, 100, 258, 97, 99]);
    expect(tok.vocabSize).toBe(256 + 3 + 2);
  });

  it("learns the same merges as a naive trainer that recounts every pair after each merge", () => {
    /** The textbook algorithm: recount all pairs, merge the most frequent (ties: lowest pair), repeat. */
    function naiveMerges(text: string, vocabSize: number): Array<[number, number]> {
      const regex = compilePattern(DEFAULT_PRETOKENIZE_PATTERN);
      let words = pretokenize(text, regex).map((c) => Array.from(new TextEncoder().encode(c)));
      const merges: Array<[number, number]> = [];
      while (256 + merges.length + 2 < vocabSize) {
        const counts = new Map<number, number>();
        for (const w of words) for (let i = 0; i + 1 < w.length; i++) {
          const key = w[i]! * 65536 + w[i + 1]!;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        let best = -1;
        let bestCount = 0;
        for (const [key, c] of counts) if (c > bestCount || (c === bestCount && key < best)) [best, bestCount] = [key, c];
        if (bestCount < 2) break;
        const [a, b] = [Math.floor(best / 65536), best % 65536];
        const id = 256 + merges.length;
        merges.push([a, b]);
        words = words.map((w) => {
          const out: number[] = [];
          for (let i = 0; i < w.length; i++) {
            if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
              out.push(id);
              i++;
            } else out.push(w[i]!);
          }
          return out;
        });
      }
      return merges;
    }
    const next = rng(5);
    const alphabet = ["a", "b", "ab", "aa", " ", "ba ", "é", "🐳", "the ", ".", "\n"];
    for (let trial = 0; trial < 20; trial++) {
      let text = "";
      for (let i = 0; i < 300; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(trainBpe({ text, vocabSize: 320 }).merges).toEqual(naiveMerges(text, 320));
    }
  });

  it("fills the requested vocabulary when the text has enough pairs", () => {
    expect(trained.vocabSize).toBe(400);
    expect(trained.merges).toHaveLength(400 - 256 - 2);
  });

  it("never merges across pre-tokenisation boundaries", () => {
    const tok = trainBpe({ text: "ab ab ab ab. ab. ab.", vocabSize: 300 });
    const merged = tok.merges.map(([x, y]) => tok.decode([x, y]));
    for (const m of merged) expect(m.trimStart()).not.toMatch(/[a-z]\.|\. /);
  });

  it("compresses text like its training text to well under one token per byte", () => {
    const ids = trained.encode(ENGLISH);
    expect(ids.length).toBeLessThan(new TextEncoder().encode(ENGLISH).length / 2.5);
  });

  it("rejects a vocabulary too small to hold the bytes and the special tokens", () => {
    expect(() => trainBpe({ text: "abc", vocabSize: 257 })).toThrow(/vocabSize must be an integer ≥ 258/);
  });
});

describe("Tokenizer round trip", () => {
  it("decodes what it encodes exactly for 300 random Unicode strings", () => {
    const next = rng(1234);
    for (let i = 0; i < 300; i++) {
      const s = randomString(next, 80);
      expect(trained.decode(trained.encode(s))).toBe(s);
    }
  });

  it("round-trips the hard cases: a leading BOM, lone combining marks, ZWJ emoji, CRLF, NUL", () => {
    const cases = [
      "\uFEFFstarts with a BOM",
      "\u0301\u0302 lone marks, e\u0301 decomposed",
      "👩‍👩‍👧 family, 🏳️‍🌈 flag, 🇫🇷",
      "line one\r\nline two\n\n\tindented   spaces  ",
      "nul\u0000byte and \u007f del",
      "",
      " ",
      "<|endoftext|>",
    ];
    for (const s of cases) expect(trained.decode(trained.encode(s))).toBe(s);
  });

  it("splits text into chunks that concatenate back to the input", () => {
    const next = rng(99);
    const regex = compilePattern(DEFAULT_PRETOKENIZE_PATTERN);
    for (let i = 0; i < 100; i++) {
      const s = randomString(next, 60);
      expect(pretokenize(s, regex).join("")).toBe(s);
    }
  });

  it("decodes a partial UTF-8 sequence to U+FFFD instead of throwing", () => {
    const bytes = Array.from(new TextEncoder().encode("🐳")); // 4 bytes, each a byte token
    expect(trained.decode(bytes.slice(0, 2))).toBe("\uFFFD");
    expect(trained.decode([...bytes.slice(0, 3), 0x41])).toBe("\uFFFDA");
    expect(trained.decode(bytes)).toBe("🐳");
  });

  it("raises a RangeError for an id outside the vocabulary", () => {
    expect(() => trained.decode([trained.vocabSize])).toThrow(RangeError);
    expect(() => trained.decode([-1])).toThrow(RangeError);
  });
});

describe("merge application", () => {
  const ranks = new Map(trained.merges.map(([a, b], i) => [a * 65536 + b, i]));
  const merges = trained.merges;

  it("gives the same ids with the O(n log n) heap as with the reference rescan loop", () => {
    const next = rng(77);
    const letters = ENGLISH.replace(/[^a-z]/g, "");
    for (let i = 0; i < 200; i++) {
      const start = Math.floor(next() * letters.length);
      const s = i % 2 === 0 ? letters.slice(start, start + 1 + Math.floor(next() * 300)) : randomString(next, 60);
      const tokens = Array.from(new TextEncoder().encode(s));
      expect(applyMergesByHeap({ tokens, ranks })).toEqual(applyMergesByScan({ tokens, ranks, merges }));
    }
  });

  it("encodes a long text without spaces (one huge chunk) exactly and reversibly", () => {
    const s = ENGLISH.replace(/[^A-Za-z]/g, "").repeat(200); // ~40k letters in a single chunk
    const ids = trained.encode(s);
    expect(trained.decode(ids)).toBe(s);
    expect(ids.length).toBeLessThan(s.length * 0.8); // merges were applied inside the chunk
  });
});

describe("StreamingDecoder", () => {
  it("holds back a character split across tokens until its last byte arrives", () => {
    const stream = new StreamingDecoder({ tokenizer: trained });
    const bytes = Array.from(new TextEncoder().encode("🐳!")); // 4 + 1 byte tokens
    expect(bytes.map((id) => stream.push(id))).toEqual(["", "", "", "🐳", "!"]);
    expect(stream.flush()).toBe("");
  });

  it("streams exactly the text that decode gives, for random strings and with EOS in between", () => {
    const next = rng(4321);
    for (let i = 0; i < 50; i++) {
      const ids = [...trained.encode(randomString(next, 40)), trained.eosId, ...trained.encode(randomString(next, 10))];
      const cut = ids.slice(0, Math.floor(next() * ids.length)); // may end mid-character
      const stream = new StreamingDecoder({ tokenizer: trained });
      const streamed = cut.map((id) => stream.push(id)).join("") + stream.flush();
      expect(streamed).toBe(trained.decode(cut));
    }
  });
});

describe("special tokens", () => {
  it("gives EOS and PAD two distinct ids above every learned token", () => {
    expect(trained.eosId).toBe(trained.vocabSize - 2);
    expect(trained.padId).toBe(trained.vocabSize - 1);
    expect(trained.eosId).not.toBe(trained.padId);
  });

  it("never emits a special id from text, even from the EOS marker's spelling", () => {
    const ids = trained.encode("<|endoftext|><|pad|> the end");
    expect(ids).not.toContain(trained.eosId);
    expect(ids).not.toContain(trained.padId);
  });

  it("drops EOS and PAD when decoding, or names them on request", () => {
    const ids = [...trained.encode("Call me"), trained.eosId, trained.padId, trained.padId];
    expect(trained.decode(ids)).toBe("Call me");
    expect(trained.decode(ids, { keepSpecial: true })).toBe("Call me<|endoftext|><|pad|><|pad|>");
  });
});

describe("Tokenizer JSON", () => {
  it("restores a tokenizer that encodes identically after a JSON round trip", () => {
    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(trained)));
    expect(restored.vocabSize).toBe(trained.vocabSize);
    expect(restored.encode(ENGLISH)).toEqual(trained.encode(ENGLISH));
    expect(restored.toJSON()).toEqual(trained.toJSON());
  });

  it("rejects JSON whose merge refers to an id that does not exist yet", () => {
    const json = trained.toJSON();
    const bad = { ...json, merges: [[0, 1], [0, 300]] };
    expect(() => Tokenizer.fromJSON(bad)).toThrow(/merge 1 uses an id ≥ 257/);
  });

  it("rejects JSON of another type or with unknown fields", () => {
    expect(() => Tokenizer.fromJSON({ ...trained.toJSON(), type: "wordpiece" })).toThrow();
    expect(() => Tokenizer.fromJSON({ ...trained.toJSON(), extra: 1 })).toThrow();
  });
});
