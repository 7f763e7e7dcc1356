// What the labeler sees of a completion, in desktop Chromium: awkward model outputs (tests/e2e/fixtures) reach the
// page character for character in the raw-text view, the rendered view shows raw HTML as literal text and runs
// none of it, the raw view is remembered across reloads, and near-identical completions are marked.
import { expect, test, type Page } from "@playwright/test";
import { AWKWARD_OUTPUTS, awkwardComparisons } from "./fixtures/awkward-output";
import { createUser, holdTask, importPrompts, signIn, uniq } from "./support";

/** Shows `comparisonId` to the signed-in labeler. */
async function openComparison(page: Page, comparisonId: string): Promise<void> {
  await holdTask(page.request, comparisonId);
  await page.goto("/label");
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", comparisonId);
  await expect(page.getByTestId("rank-card")).toHaveCount(5);
}

/**
 * Submits the order as shown. The comparisons here need one ranking, so once ranked they are never offered to the
 * labelers of other tests (whose pages expect short cards).
 */
async function rankAsShown(page: Page): Promise<void> {
  await page.getByTestId("submit-ranking").click();
  await page.getByRole("button", { name: "Submit unchanged" }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved", { timeout: 30_000 });
}

async function cardTexts(page: Page, testId: "completion-raw" | "completion-text"): Promise<string[]> {
  return page.getByTestId(testId).evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText));
}

test("every awkward output is on screen character for character in the raw view and literally in the rendered view, and none of it runs", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const tag = uniq("awk");
  const comparisons = awkwardComparisons(tag);
  const ids = await importPrompts(comparisons.map((c) => ({ ...c, requiredRankings: 1 })));
  expect(ids).toHaveLength(comparisons.length);
  const labeler = await createUser({ role: "LABELER" });
  await signIn(page, labeler);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  for (const [i, comparisonId] of ids.entries()) {
    const expected = comparisons[i]?.completions ?? [];
    await openComparison(page, comparisonId);

    // Rendered view: the HTML cases show their markup as text, and the page outline has no heading from a card.
    await expect(page.getByTestId("completion-text").first()).toHaveAttribute("data-view", "rendered");
    const rendered = await cardTexts(page, "completion-text");
    for (const output of AWKWARD_OUTPUTS.filter((o) => expected.includes(o.text))) {
      for (const literal of output.rendered ?? [])
        expect(rendered.some((t) => t.includes(literal)), `${output.name}: "${literal}" in the rendered view`).toBe(true);
    }
    await expect(page.getByTestId("rank-list").locator("h1, h2, h3, h4, h5, h6, [role=heading]")).toHaveCount(0);
    await expect(page.getByTestId("rank-list").locator("script, img, iframe, a[href^='javascript']")).toHaveCount(0);

    // Raw view for all cards: each card's visible text is exactly one completion, all five of them.
    await page.getByTestId("raw-all-toggle").click();
    await expect(page.getByTestId("raw-all-toggle")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("completion-raw")).toHaveCount(5);
    expect((await cardTexts(page, "completion-raw")).sort()).toEqual([...expected].sort());
    await page.getByTestId("raw-all-toggle").click();
    await expect(page.getByTestId("completion-raw")).toHaveCount(0);
    await rankAsShown(page);
  }

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__podiumXss)).toBeUndefined();
});

test("the raw view is remembered across reloads, one card can be switched on its own, and invisible characters are tagged", async ({
  page,
}) => {
  const tag = uniq("raw");
  const texts = [
    `zero\u200Bwidth ${tag}`,
    `**bold** and <b>tag</b> ${tag}`,
    `Plain one ${tag}`,
    `Plain two ${tag}`,
    `Plain three ${tag}`,
  ];
  const [comparisonId] = await importPrompts([{ prompt: `${tag}: raw view`, completions: texts, requiredRankings: 1 }]);
  if (!comparisonId) throw new Error("not imported");
  const labeler = await createUser({ role: "LABELER" });
  await signIn(page, labeler);
  await openComparison(page, comparisonId);

  // One card on its own: raw text of that card only.
  const boldId = await page.getByTestId("rank-card").filter({ hasText: "bold and" }).getAttribute("data-completion-id");
  const bold = page.locator(`[data-completion-id="${boldId}"]`);
  await bold.getByRole("button", { name: /^Raw text/ }).click();
  await expect(bold.getByTestId("completion-raw")).toHaveText(texts[1] ?? "");
  await expect(page.getByTestId("completion-raw")).toHaveCount(1);

  // The zero-width space carries a visible code point tag; the text itself is unchanged.
  const zero = page.getByTestId("rank-card").filter({ hasText: "width" });
  await expect(zero.locator(".md-invisible")).toHaveAttribute("data-codepoint", "U+200B");
  const tagShown = await zero
    .locator(".md-invisible")
    .evaluate((el) => getComputedStyle(el, "::after").content);
  expect(tagShown).toContain("U+200B");

  // All cards raw, then a reload: still raw.
  await page.getByTestId("raw-all-toggle").click();
  await expect(page.getByTestId("completion-raw")).toHaveCount(5);
  await page.reload();
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", comparisonId);
  await expect(page.getByTestId("completion-raw")).toHaveCount(5);
  await expect(page.getByTestId("raw-all-toggle")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("raw-all-toggle").click();
  await expect(page.getByTestId("completion-raw")).toHaveCount(0);
  await rankAsShown(page);
});

test("identical and nearly identical completions are marked on their cards", async ({ page }) => {
  const tag = uniq("dup");
  const long = `The mitochondrion is the powerhouse of the cell, turning food into usable energy (${tag}).`;
  const [comparisonId] = await importPrompts([
    {
      prompt: `${tag}: duplicates`,
      completions: [
        `Same words, ${tag}.`,
        `Same   words,\n${tag}.`,
        long,
        long.replace("energy", "energy!"),
        `Something different altogether, ${tag}.`,
      ],
      requiredRankings: 1,
    },
  ]);
  if (!comparisonId) throw new Error("not imported");
  const labeler = await createUser({ role: "LABELER" });
  await signIn(page, labeler);
  await openComparison(page, comparisonId);

  const marks = page.getByTestId("duplicate-mark");
  await expect(marks).toHaveCount(4);
  const different = page.getByTestId("rank-card").filter({ hasText: "Something different" });
  await expect(different.getByTestId("duplicate-mark")).toHaveCount(0);
  const mitoCards = page.getByTestId("rank-card").filter({ hasText: "mitochondrion" });
  await expect(mitoCards.getByTestId("duplicate-mark").first()).toContainText(/Nearly identical to [A-E] \(9\d% similar\)/);
  // The two "same words" cards name each other.
  const sameCards = page.getByTestId("rank-card").filter({ hasText: "Same words" });
  await expect(sameCards).toHaveCount(2);
  const letters = await sameCards.evaluateAll((cards) =>
    cards.map((c) => c.querySelector("[data-testid=rank-handle]")?.textContent?.trim().slice(-1) ?? ""),
  );
  expect(letters.every((l) => /^[A-E]$/.test(l))).toBe(true);
  await expect(sameCards.nth(0).getByTestId("duplicate-mark")).toHaveText(`= Same text as ${letters[1]} (whitespace aside)`);
  await expect(sameCards.nth(1).getByTestId("duplicate-mark")).toHaveText(`= Same text as ${letters[0]} (whitespace aside)`);
  await rankAsShown(page);
});
