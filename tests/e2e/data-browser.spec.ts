// The data browser in Chromium: an admin searches the comparisons by prompt text, opens one and excludes it from
// training (with a reason), then opens another that three labelers ranked and marks it gold from the consensus.
import { expect, request, test } from "@playwright/test";
import { admin, createUser, holdTask, importPrompts, one, screenshotPath, signIn, uniq } from "./support";

const COLOURS = ["Red.", "Blue, like the sky.", "Green", "A warm yellow.", "Purple — or violet."];

/** A labeler with a bearer token, ranking `comparisonId` in the order of `preferred` (completion text prefixes). */
async function rankAs(comparisonId: string, preferred: string[]): Promise<void> {
  const labeler = await createUser({ role: "LABELER" });
  const tokenRes = await (await admin()).post("/api/v1/tokens", { data: { name: uniq("e2e"), userId: labeler.id } });
  expect(tokenRes.status()).toBe(201);
  const { token } = ((await tokenRes.json()) as { token: { token: string } }).token;
  const api = await request.newContext({ baseURL: process.env.PODIUM_E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  await holdTask(api, comparisonId);
  const { task } = (await (await api.get("/api/v1/tasks/next")).json()) as { task: { id: string; completions: { id: string; text: string }[] } };
  expect(task.id).toBe(comparisonId);
  const order = preferred.map((p) => task.completions.find((c) => c.text.startsWith(p))?.id ?? "");
  const res = await api.post(`/api/v1/tasks/${comparisonId}/ranking`, { data: { ranking: order } });
  expect(res.status(), await res.text()).toBe(201);
  await api.dispose();
}

test("an admin searches, opens a comparison and excludes it, then marks another gold from the consensus", async ({ page }, testInfo) => {
  // Three labelers reach the comparison through the API first (skipping what other tests left to rank): the set-up
  // alone can take most of the default minute on a loaded machine.
  test.setTimeout(180_000);
  const tag = uniq("browse");
  const [toExclude, toGold] = await importPrompts(
    ["What colour is the sea?", "Which colour do you like best?"].map((q, i) => ({
      prompt: `${tag} ${q}`,
      completions: COLOURS.map((c) => `${c} (${tag}.${i})`),
    })),
  );
  // Two labelers put Purple first, one Red: the consensus is Purple, Red, Green, Blue, yellow.
  const preferred = ["Purple", "Red", "Green", "Blue", "A warm"];
  await rankAs(toGold!, preferred);
  await rankAs(toGold!, preferred);
  await rankAs(toGold!, ["Red", "Purple", "Green", "Blue", "A warm"]);

  const adminUser = await createUser({ role: "ADMIN" });
  await signIn(page, adminUser);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" }).click();
  await expect(page.getByRole("heading", { name: "Data", level: 1 })).toBeVisible();

  // Search.
  await page.getByLabel("Prompt text contains").fill(tag);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  const results = page.getByTestId("data-results");
  await expect(results.getByRole("row")).toHaveCount(3); // header + two comparisons
  await page.screenshot({ path: screenshotPath(testInfo, "data-browser.png"), fullPage: true });

  // Exclude the first.
  await results.getByRole("link", { name: /What colour is the sea/ }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/data/${toExclude}$`));
  await expect(page.getByTestId("completion")).toHaveCount(5);
  await page.getByRole("button", { name: "Exclude…" }).click();
  const dialog = page.getByRole("dialog", { name: "Exclude from training?" });
  await dialog.getByLabel("Reason").fill("the sea is not one colour");
  await dialog.getByRole("button", { name: "Exclude" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Excluded from training data and exports." })).toBeVisible();
  await expect(page.getByTestId("comparison-summary")).toContainText("yes: the sea is not one colour");
  await expect(page.getByRole("button", { name: "Include again" })).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, "data-comparison.png"), fullPage: true });
  const excluded = one<{ excludedAt: string | null; excludedReason: string }>(
    `SELECT "excludedAt", "excludedReason" FROM "Comparison" WHERE "id" = ?`,
    toExclude,
  );
  expect(excluded?.excludedAt).not.toBeNull();
  expect(excluded?.excludedReason).toBe("the sea is not one colour");

  // Back to the results; the other comparison is marked gold from its consensus.
  await page.goto(`/admin/data?q=${tag}`);
  await page.getByTestId("data-results").getByRole("link", { name: /Which colour do you like best/ }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/data/${toGold}$`));
  await expect(page.getByTestId("rankings").getByRole("row")).toHaveCount(4);
  const ids = (await page.getByTestId("completion").evaluateAll((els) => els.map((e) => e.textContent ?? ""))).map((text) =>
    COLOURS.findIndex((c) => text.includes(c)),
  );
  const letterOf = (prefix: string) => String.fromCharCode(65 + ids.indexOf(COLOURS.findIndex((c) => c.startsWith(prefix))));
  const expected = preferred.map(letterOf).join(" > ");
  await expect(page.getByTestId("consensus-order")).toHaveText(expected);
  await page.getByRole("button", { name: "Mark gold from consensus" }).click();
  await page.getByRole("dialog", { name: "Mark gold from the consensus?" }).getByRole("button", { name: "Mark gold" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Marked gold with the consensus order ${expected}.` })).toBeVisible();
  await expect(page.getByTestId("comparison-summary")).toContainText(`yes: ${expected}`);
  await expect(page.getByRole("button", { name: "Unmark gold" })).toBeVisible();

  const gold = one<{ gold: number; goldRanking: string; open: number }>(`SELECT "gold", "goldRanking", "open" FROM "Comparison" WHERE "id" = ?`, toGold);
  expect(gold?.gold).toBe(1);
  expect(gold?.open).toBe(0);
  const texts = (JSON.parse(gold!.goldRanking) as string[]).map(
    (id) => one<{ text: string }>(`SELECT "text" FROM "Completion" WHERE "id" = ?`, id)?.text ?? "",
  );
  expect(texts.map((t) => preferred.findIndex((p) => t.startsWith(p)))).toEqual([0, 1, 2, 3, 4]);
  const audit = one<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditLog" WHERE "targetId" IN (?, ?) AND "action" IN ('comparison.exclude', 'comparison.gold')`, toExclude, toGold);
  expect(audit?.n).toBe(2);
});
