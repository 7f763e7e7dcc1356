// The quality console in Chromium: two labelers rank one comparison through the API, then an admin opens Quality from
// the navigation, sorts the labeler table and opens a labeler's rankings beside the consensus.
import { expect, request, test } from "@playwright/test";
import { createComparisons, createUser, holdTask, screenshotPath, signIn, type TestUser } from "./support";

async function rank(user: TestUser, comparisonId: string, reverse: boolean): Promise<void> {
  const baseURL = process.env.PODIUM_E2E_BASE_URL as string;
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await api.post("/api/v1/auth/login", { data: { email: user.email, password: user.password } })).status()).toBe(200);
  await holdTask(api, comparisonId);
  const task = (await (await api.get("/api/v1/tasks/next")).json()) as { task: { completions: { id: string }[] } };
  const ids = task.task.completions.map((c) => c.id).sort();
  const res = await api.post(`/api/v1/tasks/${comparisonId}/ranking`, { data: { ranking: reverse ? ids.reverse() : ids } });
  expect(res.status(), await res.text()).toBe(201);
  await api.dispose();
}

test("an admin sees agreement cards, sorts the labeler table and opens a labeler's rankings beside the consensus", async ({ page }, testInfo) => {
  const [comparisonId] = await createComparisons(1);
  const first = await createUser({ name: "Quinn Quality" });
  const second = await createUser({ name: "Ravi Reverse" });
  await rank(first, comparisonId as string, false);
  await rank(second, comparisonId as string, true);

  const adminUser = await createUser({ role: "ADMIN" });
  await signIn(page, adminUser);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Quality" }).click();
  await expect(page).toHaveURL(/\/admin\/quality$/);
  await expect(page.getByRole("heading", { name: "Quality", level: 1 })).toBeVisible();
  await expect(page.getByTestId("rankings-chart")).toBeVisible();
  // Two labelers who ranked one comparison in reverse: pairwise agreement is a number (this project's mean).
  await expect(page.getByTestId("card-pairwise")).toContainText("%");

  const table = page.getByTestId("labeler-table");
  await expect(table.getByRole("row").filter({ hasText: "Quinn Quality" })).toBeVisible();
  const rankingsHeader = table.getByRole("columnheader", { name: /Rankings/ });
  await expect(rankingsHeader).toHaveAttribute("aria-sort", "descending");
  await rankingsHeader.getByRole("button").click();
  await expect(rankingsHeader).toHaveAttribute("aria-sort", "ascending");
  const nameHeader = table.getByRole("columnheader", { name: /Labeler/ });
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");

  await table.getByRole("button", { name: "Ravi Reverse" }).click();
  const panel = page.getByRole("region", { name: "Recent rankings of Ravi Reverse" });
  const entry = panel.getByTestId(`labeler-ranking-${comparisonId}`);
  await expect(entry).toBeVisible();
  await expect(entry).toContainText("Consensus of 1 other");
  await expect(entry).toContainText("agreement 0.0%");
  await page.screenshot({ path: screenshotPath(testInfo, "quality-console.png"), fullPage: true });
});
