// Accessibility checks of the e2e suite: axe-core (through @axe-core/playwright) on the page as it is now, failing
// on any violation axe rates serious or critical, with each rule, its help text and the elements it found. It runs
// the project's own axe-core (newer than the one @axe-core/playwright bundles, with more rules on by default, such
// as a control's accessible name containing its visible text).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import fs from "node:fs";

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const BLOCKING = new Set(["serious", "critical"]);

export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).analyze();
  const blocking = violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(blocking, `serious or critical accessibility violations on ${where}`).toEqual([]);
}

/**
 * The ranking page's dialogs, each checked while open: flag and skip (closed again with Escape), then the
 * submit-unchanged question, answered so that the comparison is ranked and never offered to other tests' labelers.
 */
export async function expectRankingDialogsAccessible(page: Page, at = ""): Promise<void> {
  const where = (what: string) => `the ${what} dialog${at}`;
  for (const [opener, what] of [
    [page.getByRole("button", { name: /^Flag completion/ }).first(), "flag"],
    [page.getByRole("button", { name: "Skip", exact: true }), "skip"],
  ] as const) {
    await opener.click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await expectNoSeriousA11yViolations(page, where(what));
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  }
  await page.getByTestId("submit-ranking").click();
  await expect(page.getByRole("dialog", { name: "Submit unchanged?" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, where("submit-unchanged"));
  await page.getByRole("button", { name: "Submit unchanged" }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved", { timeout: 30_000 });
}
