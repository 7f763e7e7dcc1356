import { describe, expect, it } from "vitest";
import { diceSimilarity, findNearDuplicates } from "@/app/label/_components/near-duplicates";

describe("near-duplicate completions", () => {
  it("marks completions equal after whitespace normalisation as identical, both ways", () => {
    const marks = findNearDuplicates([
      { id: "a", text: "The answer is  42.\n" },
      { id: "b", text: "The answer is 42." },
      { id: "c", text: "Something else entirely." },
    ]);
    expect(marks.a).toEqual([{ id: "b", kind: "identical", similarity: 1 }]);
    expect(marks.b).toEqual([{ id: "a", kind: "identical", similarity: 1 }]);
    expect(marks.c).toBeUndefined();
  });

  it("marks nearly identical long completions and leaves merely similar ones alone", () => {
    const base = "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen inside the chloroplasts of a leaf.";
    const marks = findNearDuplicates([
      { id: "a", text: base },
      { id: "b", text: base.replace("leaf.", "leaf!") },
      { id: "c", text: "Plants make sugar from light. That is all there is to it, really." },
    ]);
    expect(marks.a?.[0]?.id).toBe("b");
    expect(marks.a?.[0]?.kind).toBe("near");
    expect(marks.a?.[0]?.similarity).toBeGreaterThanOrEqual(0.95);
    expect(marks.c).toBeUndefined();
  });

  it("computes the Dice coefficient of character bigrams", () => {
    expect(diceSimilarity("night", "nacht")).toBeCloseTo(0.25);
    expect(diceSimilarity("same", "same")).toBe(1);
    expect(diceSimilarity("a", "b")).toBe(0);
  });
});
