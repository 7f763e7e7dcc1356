// The lint rule beside the run-time check of lib/db/sql-steps: a step called without `yield*` inside a generator is
// an ESLint error, and the same call with `yield*` (or with its result used) is not.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

async function restrictedSyntax(code: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, "lib", "tasks", "example-step.ts") });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line);
}

describe("the lint rule for SQL steps", () => {
  it("flags a step called as a bare statement inside a generator, and nothing else", async () => {
    const code = [
      'import { Prisma, run, step, type Steps } from "@/lib/db";',
      "export const takeSlot = step(function* (id: string): Steps<number> {",
      '  return yield* run(Prisma.sql`UPDATE "Comparison" SET "slotsTaken" = 1 WHERE "id" = ${id}`);',
      "});",
      "export function* claim(id: string): Steps<number> {",
      "  takeSlot(id);", // line 6: forgotten yield*
      "  const taken = yield* takeSlot(id);",
      "  const ids = [id];",
      "  ids.push(id);",
      "  return taken + ids.length;",
      "}",
      "",
    ].join("\n");
    expect(await restrictedSyntax(code)).toEqual([6]);
  });
});
