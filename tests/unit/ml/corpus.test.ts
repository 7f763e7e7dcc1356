// The pretraining corpus read from npm packages (Moby Dick, State of the Union): content, order, cutting,
// normalisation, licence text, and the seeded demo prompts drawn from it.
import { beforeAll, describe, expect, it } from "vitest";
import {
  corpusLicenseMarkdown,
  corpusPrompts,
  loadCorpus,
  loadCorpusDocuments,
  normalizeText,
} from "@/lib/ml/data/corpus";

let full = "";
beforeAll(async () => {
  full = await loadCorpus();
});

describe("loadCorpus", () => {
  it("returns both public-domain texts, Moby Dick first, several MB in all", async () => {
    expect(full.length).toBeGreaterThan(5_000_000);
    expect(full.slice(0, 40_000)).toContain("Call me Ishmael.");
    expect(full).toContain("Fellow-Citizens of the Senate and House of Representatives");
    expect(full.indexOf("Call me Ishmael.")).toBeLessThan(full.indexOf("Fellow-Citizens of the Senate"));
  });

  it("cuts the text to maxChars as a prefix of the full corpus", async () => {
    const cut = await loadCorpus({ maxChars: 1000 });
    expect(cut).toHaveLength(1000);
    expect(full.startsWith(cut)).toBe(true);
  });

  it("loads a single source when asked and rejects unknown ones", async () => {
    const moby = await loadCorpus({ sources: ["moby-dick"] });
    expect(moby).toContain("Ishmael");
    expect(moby).not.toContain("State of the Union");
    expect(moby.length).toBeLessThan(1_300_000);
    // @ts-expect-error an unknown source is a type error and a runtime error
    await expect(loadCorpus({ sources: ["gutenberg"] })).rejects.toThrow();
  });

  it("keeps chapters and addresses as separate documents in reading order", async () => {
    const docs = await loadCorpusDocuments({ sources: ["moby-dick", "sotu"] });
    const names = docs.map((d) => d.name);
    expect(names.indexOf("chapter_1.txt")).toBeLessThan(names.indexOf("chapter_2.txt"));
    expect(names.indexOf("chapter_9.txt")).toBeLessThan(names.indexOf("chapter_10.txt"));
    expect(names).not.toContain("contents.txt");
    const sotu = docs.filter((d) => d.source === "sotu");
    expect(sotu[0]?.name).toMatch(/^1790_/);
    expect(sotu.length).toBeGreaterThan(200);
  });

  it("replaces typographic quotes and hyphens with ASCII but keeps em dashes", () => {
    expect(normalizeText("\u201CIt\u2019s\u201D \u2013 a\u2011b\r\nx \u2014 y")).toBe('"It\'s" - a-b\nx \u2014 y');
    expect(full).not.toMatch(/[\u2018\u2019\u201C\u201D\r]/);
    expect(full).toContain("\u2014");
  });
});

describe("corpusPrompts", () => {
  it("draws sentence openings that occur in the text, with the requested count and length", () => {
    const text = full.slice(0, 2_000_000); // Moby Dick and the early addresses
    for (const seed of [7, 8, 9]) {
      const prompts = corpusPrompts({ text, count: 40, minWords: 3, maxWords: 6, seed });
      expect(prompts).toHaveLength(40);
      expect(new Set(prompts).size).toBe(40);
      for (const p of prompts) {
        expect(text).toContain(p); // verbatim: no re-joined line breaks or double spaces
        expect(p).toMatch(/^[A-Z]/);
        const words = p.split(" ").length;
        expect(words).toBeGreaterThanOrEqual(3);
        expect(words).toBeLessThanOrEqual(6);
      }
    }
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const text = full.slice(0, 1_000_000);
    const a = corpusPrompts({ text, count: 20, seed: 1 });
    expect(corpusPrompts({ text, count: 20, seed: 1 })).toEqual(a);
    expect(corpusPrompts({ text, count: 20, seed: 2 })).not.toEqual(a);
  });

  it("returns every candidate when the text has fewer than requested", () => {
    const text = "Call me Ishmael and see the watery part. It is a way I have of driving off the spleen.";
    const prompts = corpusPrompts({ text, count: 10, minWords: 2, maxWords: 3 });
    expect(prompts).toHaveLength(2);
  });
});

describe("corpusLicenseMarkdown", () => {
  it("names each package with its version and states why the text is public domain", async () => {
    const md = await corpusLicenseMarkdown();
    expect(md).toMatch(/@stdlib\/datasets-moby-dick@\d+\.\d+\.\d+/);
    expect(md).toMatch(/@stdlib\/datasets-sotu@\d+\.\d+\.\d+/);
    expect(md).toContain("Public domain");
    expect(md).toContain("17 U.S.C. § 105");
  });
});
