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
