// The job forms on Admin → Jobs in Chromium: each job type's fields come from its config schema with the defaults
// filled in; a bad value is flagged next to its field as it is typed and blocks the start; the JSON view follows the
// fields and the fields follow the JSON; a job starts from the form, and a pipeline queues its jobs in a chain.
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, createUser, db, signIn, uniq } from "./support";

interface JobRow {
  id: string;
  type: string;
  config: string;
}

async function cancel(ids: string[]): Promise<void> {
  const api = await admin();
  // Nothing else should train on them: jobs.spec.ts runs a worker on the same database.
  for (const id of ids) await api.post(`/api/v1/jobs/${id}/cancel`);
}

test("an admin fills a job form, sees a field's error as it is typed, and starts a job and a pipeline", async ({ page }) => {
  const user = await createUser({ role: "ADMIN" });
  await signIn(page, user);
  await page.goto("/admin/jobs");
  await page.getByLabel("Job type").selectOption("sft");

  const steps = page.getByLabel("steps", { exact: true });
  await expect(steps).toHaveValue("200");
  await expect(page.locator("#job-field-sft-steps-help")).toContainText("Default: 200");
  await steps.fill("-5");
  const stepsError = page.locator("#job-field-sft-steps-error");
  await expect(stepsError).toContainText(/too small|>=/i);
  await expect(steps).toHaveAttribute("aria-invalid", "true");
  await expect(steps).toHaveAttribute("aria-describedby", /job-field-sft-steps-error/);
  await expect(page.getByRole("button", { name: "Start sft job" })).toBeDisabled();
  await steps.fill("12");
  await expect(stepsError).toHaveCount(0);
  await expect(steps).toHaveAttribute("aria-invalid", "false");

  // The JSON view follows the fields, and the fields follow the JSON.
  await page.getByText("Advanced (JSON)").click();
  const json = page.getByLabel("Config (JSON; defaults filled in)");
  await expect(json).toHaveValue(/"steps": 12/);
  const edited = JSON.parse(await json.inputValue()) as Record<string, unknown>;
  await json.fill(JSON.stringify({ ...edited, batchSize: 4 }, null, 2));
  await expect(page.getByLabel("batchSize", { exact: true })).toHaveValue("4");
  await expectNoSeriousA11yViolations(page, "the job form with its JSON view open");

  const name = uniq("form-sft");
  await page.getByLabel("name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Start sft job" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs\/[a-z0-9]+$/);
  const jobId = page.url().split("/").at(-1) ?? "";
  await cancel([jobId]);
  const row = db().prepare(`SELECT id, type, config FROM Job WHERE id = ?`).get(jobId) as JobRow;
  expect(row.type).toBe("sft");
  expect(JSON.parse(row.config)).toMatchObject({ steps: 12, batchSize: 4, name, evalEvery: 25 });

  // A pipeline: SFT → reward → RLOO → generate, each after the one before.
  await page.goto("/admin/jobs");
  await page.getByLabel(/^Pipeline/).check();
  await page.getByLabel("Policy trainer").selectOption("rloo");
  await expect(page.getByTestId("pipeline-order")).toHaveText("sft → reward → rloo → generate");
  await expectNoSeriousA11yViolations(page, "the pipeline form");
  await page.getByRole("button", { name: "Start pipeline" }).click();
  const queued = page.getByRole("status").filter({ hasText: "Queued:" });
  await expect(queued).toBeVisible();
  const links = queued.getByRole("link");
  await expect(links).toHaveText(["sft", "reward", "rloo", "generate"]);
  const ids = await links.evaluateAll((as) => as.map((a) => (a.getAttribute("href") ?? "").split("/").at(-1) ?? ""));
  await cancel(ids);
  const jobs = ids.map((id) => db().prepare(`SELECT id, type, config FROM Job WHERE id = ?`).get(id) as JobRow);
  expect(jobs.map((j) => j.type)).toEqual(["sft", "reward", "rloo", "generate"]);
  const configs = jobs.map((j) => JSON.parse(j.config) as Record<string, unknown>);
  expect(configs[0]).not.toHaveProperty("after");
  for (let i = 1; i < jobs.length; i++) expect(configs[i]?.after).toBe(jobs[i - 1]?.id);
  // Each new policy is activated, so the next stage trains or generates with it.
  expect(configs[0]).toMatchObject({ activate: true });
  expect(configs[2]).toMatchObject({ activate: true });
});
