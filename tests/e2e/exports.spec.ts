// The admin export panel in real Chromium: the filters and options (consensus method, consensus pairs, tied pairs
// marked) shape the download link, "Save as snapshot" stores a snapshot whose manifest shows the SHA-256 of the bytes
// its download sends, and the jobs form offers the snapshot as a reward job's training data.
import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createComparisons, createUser, db, signIn, uniq } from "./support";

test("filters shape the download; a saved snapshot's manifest hash matches its download; jobs can train on it", async ({ page }) => {
  await createComparisons(2);
  const admin = await createUser({ role: "ADMIN", name: "Ada Export" });
  await signIn(page, admin);
  await page.goto("/admin#export");

  await page.getByLabel("Format", { exact: true }).selectOption("listwise");
  await page.getByLabel("Consensus method").selectOption("bradley-terry");
  await page.getByLabel("Ranked from").fill("2026-01-01");
  await page.getByLabel("Min gold score").fill("0.6");
  await page.getByLabel("Include gold").check();
  const download = page.getByRole("link", { name: "Download", exact: true });
  await expect(download).toHaveAttribute("href", "/api/v1/export?format=listwise&method=bradley-terry&from=2026-01-01&minGoldScore=0.6&includeGold=1");

  await page.getByLabel("Format", { exact: true }).selectOption("pairwise");
  await page.getByLabel("Include gold").uncheck();
  await page.getByLabel("Ranked from").fill("");
  await page.getByLabel("Min gold score").fill("");
  // Tied pairs can be written out in the download (every ranking's pairs only: not with consensus pairs).
  await page.getByLabel("Download: write tied pairs (tie: true)").check();
  await expect(download).toHaveAttribute("href", "/api/v1/export?format=pairwise&ties=mark");
  await page.getByLabel("Consensus pairs only").check();
  await expect(page.getByLabel("Download: write tied pairs (tie: true)")).toHaveCount(0);
  await expect(download).toHaveAttribute("href", "/api/v1/export?format=pairwise&consensus=1&method=bradley-terry");
  await page.getByLabel("Consensus pairs only").uncheck();
  await page.getByLabel("Download: write tied pairs (tie: true)").uncheck();
  await expect(download).toHaveAttribute("href", "/api/v1/export?format=pairwise");
  const name = uniq("snap");
  await page.getByLabel("Snapshot name").fill(name);
  await page.getByRole("button", { name: "Save as snapshot" }).click();
  await expect(page.getByText(`Saved "${name}"`)).toBeVisible();

  const row = db().prepare("SELECT id, contentHash FROM ExportSnapshot WHERE name = ?").get(name) as { id: string; contentHash: string };
  const manifest = page.getByLabel(`Manifest of ${name}`);
  await expect(manifest).toContainText(row.contentHash);
  await expect(manifest).toContainText(row.id);
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Download ${name}` }).click()]);
  const bytes = fs.readFileSync(await file.path());
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(row.contentHash);

  await page.goto("/admin/jobs");
  await page.getByLabel("Job type").selectOption("reward");
  await page.getByLabel("Training data").selectOption(row.id);
  await expect(page.getByLabel("Config (JSON; defaults filled in)")).toHaveValue(new RegExp(`"snapshotId": "${row.id}"`));
});
