// The models page's evaluations in Chromium: an evaluate job's stored result shows as a table (one row per version,
// the baseline marked, win rate and KL per version) with the completions side by side, and the page has no serious
// accessibility violation with them open.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { createUser, signIn, uniq } from "./support";

const ROOT = path.resolve(__dirname, "..", "..");

test("an evaluation shows on the models page as a table with the completions side by side", async ({ page }) => {
  const url = process.env.PODIUM_E2E_DATABASE_URL;
  if (!url) throw new Error("PODIUM_E2E_DATABASE_URL is not set: run through playwright.config.ts");
  const tag = uniq("eval");
  execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "evaluation-seed.ts"), tag], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  const user = await createUser({ role: "ADMIN" });
  await signIn(page, user);
  await page.goto("/admin/models");
  const card = page.getByTestId("evaluation").filter({ hasText: `${tag} tuned` });
  await expect(card.getByRole("heading", { name: `${tag} base vs ${tag} tuned` })).toBeVisible();
  const rows = card.getByTestId("evaluation-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("(baseline)");
  await expect(rows.nth(1)).toContainText("72 %");
  await expect(rows.nth(1)).toContainText("1.800");
  await card.getByText("Completions side by side").click();
  await expect(card.getByText("Sell the lands at a fair price.")).toBeVisible();
  await expect(card.getByText("cut at the token limit")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the models page with an evaluation open");
});
