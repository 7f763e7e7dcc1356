// Training jobs in Chromium: an admin starts a reward job from the Jobs page (config validated before submit), watches its
// progress bar and loss chart update while a real worker process trains, and activates the model it produced.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createUser, db, signIn } from "./support";

const ROOT = path.resolve(__dirname, "..", "..");
let worker: ChildProcess | null = null;
let workerLog = "";

test.beforeAll(async () => {
  const url = process.env.PODIUM_E2E_DATABASE_URL;
  if (!url) throw new Error("PODIUM_E2E_DATABASE_URL is not set: run through playwright.config.ts");
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "jobs-seed.ts")], { cwd: ROOT, env, encoding: "utf8" });
  worker = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "workers", "main.ts")], {
    cwd: ROOT,
    env: { ...env, PODIUM_JOB_HEARTBEAT_SECONDS: "1", PODIUM_JOB_POLL_SECONDS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker.stdout?.on("data", (d: Buffer) => (workerLog += d.toString()));
  worker.stderr?.on("data", (d: Buffer) => (workerLog += d.toString()));
});

test.afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker?.once("exit", r));
    worker.kill("SIGTERM");
    await exited;
  }
});

interface VersionRow {
  id: string;
  name: string;
  active: number;
}

test("an admin starts a reward job, watches its progress and chart update, and activates the model it produced", async ({ page }) => {
  test.setTimeout(240_000);
  const admin = await createUser({ role: "ADMIN" });
  await signIn(page, admin);
  await page.goto("/admin/jobs");
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();

  await page.getByLabel("Job type").selectOption("reward");
  await page.getByText("Advanced (JSON)").click();
  const config = page.getByLabel("Config (JSON; defaults filled in)");
  await expect(config).toHaveValue(/"steps": 300/);
  // Validated before submit: a bad value blocks the button and says which field.
  await config.fill(JSON.stringify({ steps: -1 }));
  await expect(page.getByRole("region", { name: "Start a job" }).getByRole("alert")).toContainText("steps");
  await expect(page.getByRole("button", { name: "Start reward job" })).toBeDisabled();
  await config.fill(JSON.stringify({ steps: 120, batchSize: 2, evalEvery: 20, checkpointEvery: 10 }, null, 2));
  await page.getByRole("button", { name: "Start reward job" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs\/[a-z0-9]+$/);
  const jobId = page.url().split("/").at(-1) ?? "";

  const progress = page.getByRole("progressbar", { name: "Progress of reward job" });
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 90_000 }).toBeGreaterThan(0);
  const lastLoss = page.getByTestId("metric-last-loss");
  await expect(page.getByTestId("metric-chart-loss")).toBeVisible();
  const firstReading = await lastLoss.textContent();
  // The chart keeps updating while the job runs (new steps arrive).
  await expect.poll(async () => lastLoss.textContent(), { timeout: 90_000 }).not.toBe(firstReading);

  await expect(page.getByTestId("job-status"), workerLog).toHaveText("SUCCEEDED", { timeout: 150_000 });
  await expect(progress).toHaveAttribute("aria-valuenow", "100");
  const produced = page.getByRole("link", { name: /^reward / });
  await expect(produced).toBeVisible();
  const version = db().prepare(`SELECT id, name, active FROM ModelVersion WHERE jobId = ?`).get(jobId) as VersionRow;
  expect(version.active).toBe(0);

  await produced.click();
  await expect(page).toHaveURL(/\/admin\/models#model-/);
  const card = page.locator(`#model-${version.id}`);
  await card.getByRole("button", { name: `Activate ${version.name}` }).click();
  await expect(card.getByTestId("model-active")).toBeVisible();
  const after = db().prepare(`SELECT active FROM ModelVersion WHERE id = ?`).get(version.id) as Pick<VersionRow, "active">;
  expect(after.active).toBe(1);
});
