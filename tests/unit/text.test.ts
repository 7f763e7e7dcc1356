import { describe, expect, it } from "vitest";
import { stripNul } from "@/lib/util/text";
import { ZImportItem } from "@/lib/data";

describe("text bound for the database", () => {
  it("removes NUL characters from generated text and leaves other text untouched", () => {
    expect(stripNul("a\u0000b\u0000")).toBe("ab");
    const plain = "no nul here ✓";
    expect(stripNul(plain)).toBe(plain);
  });

  it("refuses an imported prompt or completion containing NUL, naming the field", () => {
    const prompt = ZImportItem.safeParse({ prompt: "bad\u0000prompt" });
    expect(prompt.success).toBe(false);
    expect(prompt.error?.issues[0]?.message).toMatch(/NUL/);
    const completion = ZImportItem.safeParse({ prompt: "ok", completions: ["a", "b", "c\u0000", "d", "e"] });
    expect(completion.success).toBe(false);
    expect(completion.error?.issues[0]?.path).toEqual(["completions", 2]);
  });
});
