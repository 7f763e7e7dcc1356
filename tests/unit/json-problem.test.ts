import { describe, expect, it } from "vitest";
import { findJsonProblem, MAX_JSON_DEPTH } from "@/lib/util/json-problem";
import { textProblem } from "@/lib/util/text";

function nested(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

describe("text and JSON both databases can store", () => {
  it("finds NUL and unpaired surrogates, and passes paired surrogates (emoji) and ordinary text", () => {
    expect(textProblem("a\u0000b")).toMatch(/NUL/);
    expect(textProblem("a\ud800b")).toMatch(/surrogate/);
    expect(textProblem("\udc00")).toMatch(/surrogate/);
    expect(textProblem("end\ud83d")).toMatch(/surrogate/);
    expect(textProblem("😀 ✓ é")).toBeNull();
  });

  it("names where in a JSON value the bad text is, keys included", () => {
    expect(findJsonProblem({ config: { layers: [1, "ok", "x\u0000"] } })).toEqual({
      path: "config.layers.2",
      message: "text contains a NUL character (U+0000)",
    });
    expect(findJsonProblem({ meta: { "k\ud800": 1 } })?.path).toBe("meta");
    expect(findJsonProblem({ a: [1, { b: "fine" }] })).toBeNull();
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels and refuses deeper, without overflowing the stack at 100,000`, () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(findJsonProblem(nested(MAX_JSON_DEPTH + 1))?.message).toMatch(/nested deeper than 64/);
    expect(findJsonProblem(nested(100_000))?.message).toMatch(/nested deeper/);
  });
});
