// Accessibility at phone width with touch: axe-core finds no serious or critical violation on the ranking page,
// with the guidelines opened and with each dialog open.
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, expectRankingDialogsAccessible } from "./axe";
import { A11Y_COMPLETIONS, A11Y_GUIDELINES } from "./fixtures/a11y-content";
import { createUser, holdTask, importPrompts, setGuidelines, signIn, uniq } from "./support";

test("the ranking page at phone width has no serious accessibility violations, with the guidelines and each dialog open", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const tag = uniq("a11y-phone");
  await setGuidelines(A11Y_GUIDELINES);
  const [comparisonId] = await importPrompts([
    { prompt: `${tag}: rank these.`, completions: A11Y_COMPLETIONS.map((c) => `${c} ${tag}`), requiredRankings: 1 },
  ]);
  if (!comparisonId) throw new Error("not imported");
  const labeler = await createUser({ role: "LABELER" });
  await signIn(page, labeler);
  await holdTask(page.request, comparisonId);
  await page.goto("/label");
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", comparisonId, { timeout: 30_000 });
  await expectNoSeriousA11yViolations(page, "the ranking page at phone width");

  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.locator("#guidelines-body")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the ranking page with the guidelines open");

  await expectRankingDialogsAccessible(page, " at phone width");
});
