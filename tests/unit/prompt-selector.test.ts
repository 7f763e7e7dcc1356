// Prompt selectors of the generate, ppo, rloo, sft and evaluate job configs, and the Prisma filter they become.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { MAX_SELECTOR_IDS, parseJobConfig, promptSelectorWhere } from "@/lib/jobs";

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZodError) return err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw err;
  }
  throw new Error("expected a ZodError");
}

describe("prompt selectors", () => {
  it("AND-s every condition given; tags means every listed tag", () => {
    expect(promptSelectorWhere({ ids: ["a", "b", "a"], tags: ["x", "y"], split: "eval", projectId: "p" })).toEqual({
      AND: [{ id: { in: ["a", "b"] } }, { tags: { some: { tag: "x" } } }, { tags: { some: { tag: "y" } } }, { split: "eval" }, { projectId: "p" }],
    });
    expect(promptSelectorWhere({})).toEqual({});
    expect(promptSelectorWhere(undefined, { trainOnly: true })).toEqual({ AND: [{ split: "train" }] });
  });

  it("keeps the generate job's new/all choices and takes a selector in their place", () => {
    expect(parseJobConfig("generate", {}).prompts).toBe("new");
    expect(parseJobConfig("generate", { prompts: "all" }).prompts).toBe("all");
    expect(parseJobConfig("generate", { prompts: { ids: ["p1", "p2"] } }).prompts).toEqual({ ids: ["p1", "p2"] });
  });

  it("refuses bad selectors naming the field", () => {
    expect(problemsOf(() => parseJobConfig("generate", { prompts: { split: "test" } }))[0]?.path).toBe("prompts.split");
    expect(problemsOf(() => parseJobConfig("generate", { prompts: { ids: [] } }))[0]?.path).toBe("prompts.ids");
    expect(problemsOf(() => parseJobConfig("generate", { prompts: "old" }))[0]?.path).toBe("prompts");
    expect(problemsOf(() => parseJobConfig("generate", { prompts: { idz: ["a"] } }))[0]?.path).toBe("prompts");
    const many = Array.from({ length: MAX_SELECTOR_IDS + 1 }, (_, i) => `p${i}`);
    const tooMany = problemsOf(() => parseJobConfig("sft", { prompts: { ids: many } }))[0];
    expect(tooMany?.path).toBe("prompts.ids");
    expect(tooMany?.message).toContain(String(MAX_SELECTOR_IDS));
  });

  it("refuses an RL selector that asks for the eval split, in ppo and rloo", () => {
    for (const type of ["ppo", "rloo"] as const) {
      const [problem] = problemsOf(() => parseJobConfig(type, { prompts: { split: "eval" } }));
      expect(problem?.path).toBe("prompts.split");
      expect(parseJobConfig(type, { prompts: { tags: ["math"], split: "train" } }).prompts).toEqual({ tags: ["math"], split: "train" });
    }
  });

  it("evaluates the eval split by default, and needs two distinct versions when it names them", () => {
    const config = parseJobConfig("evaluate", {});
    expect(config).toMatchObject({ prompts: { split: "eval" }, maxPrompts: 32, samplesPerPrompt: 2, storedPrompts: 8 });
    expect(config.policyIds).toBeUndefined();
    expect(problemsOf(() => parseJobConfig("evaluate", { policyIds: ["a"] }))[0]?.path).toBe("policyIds");
    expect(problemsOf(() => parseJobConfig("evaluate", { policyIds: ["a", "a"] }))[0]?.path).toBe("policyIds");
    expect(() => parseJobConfig("evaluate", { sampling: { temperature: 0 } })).toThrow(ZodError);
  });
});
