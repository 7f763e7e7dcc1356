import { describe, expect, it } from "vitest";
import { checkJudgment, type JudgmentSwitches } from "@/lib/tasks/check-judgment";
import { hasTies, ranksFor, tiesAfterMove, tiesFromRanks } from "@/app/label/_components/judgment";

const ALL: JudgmentSwitches = { allowTies: true, allowNoneAcceptable: true, collectScores: true };
const NONE: JudgmentSwitches = { allowTies: false, allowNoneAcceptable: false, collectScores: false };
const shown = ["a", "b", "c", "d", "e"];
const order = ["c", "a", "b", "e", "d"];

describe("checkJudgment", () => {
  it("accepts ties, none acceptable and scores where the project allows them, and stores scores in ranking order", () => {
    const result = checkJudgment({ order, shown, ranks: [1, 1, 3, 4, 4], noneAcceptable: true, scores: { d: 2, c: 7 }, switches: ALL });
    expect(result).toEqual({ ok: true, judgment: { ranks: [1, 1, 3, 4, 4], noneAcceptable: true, scores: { c: 7, d: 2 } } });
  });

  it("stores a strict order's ranks and an empty score map as null (the old strict order)", () => {
    expect(checkJudgment({ order, shown, ranks: [1, 2, 3, 4, 5], scores: {}, switches: ALL })).toEqual({
      ok: true,
      judgment: { ranks: null, noneAcceptable: false, scores: null },
    });
    expect(checkJudgment({ order, shown, switches: NONE })).toEqual({ ok: true, judgment: { ranks: null, noneAcceptable: false, scores: null } });
  });

  it("names each field the project does not allow", () => {
    const result = checkJudgment({ order, shown, ranks: [1, 2, 3, 4, 5], noneAcceptable: true, scores: { a: 3 }, switches: NONE });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(["ranks", "noneAcceptable", "scores"]);
    // noneAcceptable: false says nothing new and is accepted everywhere.
    expect(checkJudgment({ order, shown, noneAcceptable: false, switches: NONE }).ok).toBe(true);
  });

  it.each([
    { ranks: [1, 1, 3, 4], why: /one rank per completion/ },
    { ranks: [2, 2, 3, 4, 5], why: /position 1 is 2/ },
    { ranks: [1, 1, 2, 3, 4], why: /position 3 is 2/ },
    { ranks: [1, 2, 1, 4, 5], why: /position 3 is 1/ },
    { ranks: [1, 3, 3, 4, 5], why: /position 2 is 3/ },
  ])("refuses ranks $ranks that do not follow the order", ({ ranks, why }) => {
    const result = checkJudgment({ order, shown, ranks, switches: ALL });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.path).toBe("ranks");
      expect(result.problems[0]?.message).toMatch(why);
    }
  });

  it("refuses scores for completions not shown", () => {
    const result = checkJudgment({ order, shown, scores: { a: 3, zz: 4 }, switches: ALL });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([{ path: "scores", message: "scores for completions not shown: zz" }]);
  });
});

describe("the ranking page's ties", () => {
  it("gives tied cards the rank of the first of them", () => {
    expect(ranksFor(["a", "b", "c", "d"], { b: true, c: true })).toEqual([1, 1, 1, 4]);
    expect(ranksFor(["a", "b", "c"], { a: true })).toEqual([1, 2, 3]);
    expect(hasTies(["a", "b"], { a: true })).toBe(false);
    expect(hasTies(["a", "b"], { b: true })).toBe(true);
  });

  it("keeps a tie only while the same card stays above", () => {
    // b tied with a, d tied with c; moving d to the top breaks d's tie and keeps b's.
    expect(tiesAfterMove(["a", "b", "c", "d"], ["d", "a", "b", "c"], { b: true, d: true })).toEqual({ b: true });
    // Moving a below b breaks b's tie (a is no longer above it).
    expect(tiesAfterMove(["a", "b", "c"], ["b", "a", "c"], { b: true })).toEqual({});
  });

  it("reads stored ranks back into ties", () => {
    expect(tiesFromRanks(["a", "b", "c", "d"], [1, 1, 3, 3])).toEqual({ b: true, d: true });
    expect(tiesFromRanks(["a", "b"], null)).toEqual({});
  });
});
