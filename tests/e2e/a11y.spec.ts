// Accessibility in desktop Chromium: axe-core finds no serious or critical violation on the login, ranking, admin,
// audit, jobs and models pages, nor on the ranking page with each of its dialogs open or in the raw-text view.
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, expectRankingDialogsAccessible } from "./axe";
import { A11Y_COMPLETIONS, A11Y_GUIDELINES } from "./fixtures/a11y-content";
import { admin, createUser, holdTask, importPrompts, setGuidelines, signIn, uniq } from "./support";

test("the login page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the login page");
});

test("the ranking page has no serious accessibility violations, with each dialog open and in the raw view", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const tag = uniq("a11y");
  await setGuidelines(A11Y_GUIDELINES);
  const [comparisonId] = await importPrompts([
    {
      prompt: `${tag}: rank these.\n\n# A heading in a prompt`,
      completions: A11Y_COMPLETIONS.map((c) => `${c} ${tag}`),
      requiredRankings: 1,
    },
  ]);
  if (!comparisonId) throw new Error("not imported");
  const labeler = await createUser({ role: "LABELER" });
  await signIn(page, labeler);
  await holdTask(page.request, comparisonId);
  await page.goto("/label");
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", comparisonId, { timeout: 30_000 });
  await expect(page.getByRole("checkbox").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the ranking page");

  await page.getByTestId("raw-all-toggle").click();
  await expect(page.getByTestId("completion-raw")).toHaveCount(5);
  await expectNoSeriousA11yViolations(page, "the ranking page in the raw view");
  await page.getByTestId("raw-all-toggle").click();

  await expectRankingDialogsAccessible(page);
});

test("the admin, audit, jobs and models pages have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(240_000);
  const user = await createUser({ role: "ADMIN" });
  const api = await admin();
  const queued = await api.post("/api/v1/jobs", { data: { type: "reward", config: {} } });
  expect(queued.status()).toBe(202);
  const { job } = (await queued.json()) as { job: { id: string } };
  // Cancelled at once, so no worker of another test trains it.
  expect((await api.post(`/api/v1/jobs/${job.id}/cancel`)).status()).toBeLessThan(300);
  await signIn(page, user);

  for (const [path, where] of [
    ["/admin", "the admin page"],
    ["/admin/audit", "the audit page"],
    ["/admin/jobs", "the jobs page"],
    [`/admin/jobs/${job.id}`, "a job's page"],
    ["/admin/models", "the models page"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoSeriousA11yViolations(page, where);
  }
});

test("the accessibility check fails on a critical or serious violation", async ({ page }) => {
  await page.setContent(
    `<html lang="en"><title>t</title><main><h1>Broken</h1><input type="checkbox"><button aria-label="Move this">Rank one</button></main></html>`,
  );
  await expect(expectNoSeriousA11yViolations(page, "a broken page")).rejects.toThrow(/critical label.*serious label-content-name-mismatch|serious label-content-name-mismatch.*critical label/s);
});
