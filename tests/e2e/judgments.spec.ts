// Richer judgments in Chromium: an admin turns on ties, "none acceptable" and scores for a fresh project on its page;
// the labeler then ties two cards by keyboard (T) and two by mouse (Tie with above), scores cards, marks that none is
// acceptable and submits — and the database holds exactly that judgment. The page with those controls passes axe.
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, createUser, one, openRankingPage, screenOrder, signIn, uniq } from "./support";

interface StoredJudgment {
  order: string;
  ranks: string | null;
  noneAcceptable: number;
  scores: string | null;
}

test("a labeler ties cards by keyboard and mouse, scores them and marks none acceptable where the project allows it", async ({ page, browser }) => {
  const api = await admin();
  const labeler = await createUser({ role: "LABELER" });
  const created = await api.post("/api/v1/projects", { data: { name: uniq("Judgments"), allLabelers: false, priority: 950 } });
  expect(created.status(), await created.text()).toBe(201);
  const project = ((await created.json()) as { project: { id: string } }).project;
  expect((await api.put(`/api/v1/projects/${project.id}/members`, { data: { userIds: [labeler.id] } })).status()).toBe(200);
  const tag = uniq("j");
  const imported = await api.post(`/api/v1/prompts?projectId=${project.id}`, {
    data: [{ prompt: `${tag} Which answer is best?`, completions: ["One.", "Two, twice.", "Three", "Four things.", "Five — at last."].map((c) => `${c} (${tag})`) }],
  });
  expect(imported.status(), await imported.text()).toBe(201);

  // The admin switches the three options on, on the project page.
  const owner = await createUser({ role: "ADMIN" });
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, owner);
  await adminPage.goto(`/admin/projects/${project.id}`);
  const settings = adminPage.getByRole("form", { name: "Project settings" });
  await settings.getByLabel("Allow ties").check();
  await settings.getByLabel("Allow “none acceptable”").check();
  await settings.getByLabel("Collect scores (1–7)").check();
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(adminPage.getByText("Settings saved.")).toBeVisible();
  expect(
    one<{ t: number; n: number; s: number }>(`SELECT "allowTies" AS t, "allowNoneAcceptable" AS n, "collectScores" AS s FROM "Project" WHERE "id" = ?`, project.id),
  ).toEqual({ t: 1, n: 1, s: 1 });

  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  expect(one<{ projectId: string }>(`SELECT "projectId" FROM "Comparison" WHERE "id" = ?`, taskId)?.projectId).toBe(project.id);
  const cards = page.getByTestId("rank-card");
  await expect(cards).toHaveCount(5);
  await expect(page.getByTestId("tie-toggle")).toHaveCount(4); // every card but the first
  await expect(page.getByTestId("score-select")).toHaveCount(5);

  // Keyboard as before: the first card to rank 5.
  await page.getByTestId("rank-handle").first().focus();
  await page.keyboard.press("5");
  const order = await screenOrder(page);
  expect(order).toHaveLength(5);
  const [c1, c2, c3, c4, c5] = order as [string, string, string, string, string];

  // Keyboard: T on the second card ties it with the first.
  await cards.nth(1).getByTestId("rank-handle").focus();
  await page.keyboard.press("t");
  await expect(cards.nth(1)).toHaveAttribute("data-tied", "true");
  await expect(cards.nth(1).getByTestId("tie-mark")).toBeVisible();
  await expect(page.getByTestId("rank-announcer")).toContainText("tied with");

  // Mouse: "Tie with above" on the fourth card ties it with the third; the button is at least 44 px square.
  const button = cards.nth(3).getByRole("button", { name: /^Tie with above/ });
  const box = await button.boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(44);
  expect(box?.width).toBeGreaterThanOrEqual(44);
  await button.click();
  await expect(cards.nth(3)).toHaveAttribute("data-tied", "true");
  await expect(cards.nth(3).getByRole("button", { name: /^Tied with above/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("rank-number")).toHaveText(["=1", "=1", "=3", "=3", "5"]);

  // Scores on two cards, and "none is acceptable".
  await cards.nth(0).getByTestId("score-select").selectOption("6");
  await cards.nth(4).getByTestId("score-select").selectOption("2");
  await page.getByLabel(/None is acceptable/).check();

  await expectNoSeriousA11yViolations(page, "the ranking page with ties, scores and none acceptable");

  await page.getByTestId("submit-ranking").click();
  await expect.poll(() => one<{ n: number }>(`SELECT COUNT(*) AS n FROM "Ranking" WHERE "userId" = ? AND "comparisonId" = ?`, labeler.id, taskId)?.n).toBe(1);
  const stored = one<StoredJudgment>(
    `SELECT "order", "ranks", "noneAcceptable", "scores" FROM "Ranking" WHERE "userId" = ? AND "comparisonId" = ?`,
    labeler.id,
    taskId,
  );
  expect(JSON.parse(stored?.order ?? "null")).toEqual([c1, c2, c3, c4, c5]);
  expect(JSON.parse(stored?.ranks ?? "null")).toEqual([1, 1, 3, 3, 5]);
  expect(stored?.noneAcceptable).toBe(1);
  expect(JSON.parse(stored?.scores ?? "null")).toEqual({ [c1]: 6, [c5]: 2 });
});

test("a ranking with ties made while the project allowed them is still stored, as an order, after an admin turns ties off", async ({ page }) => {
  const api = await admin();
  const labeler = await createUser({ role: "LABELER" });
  const created = await api.post("/api/v1/projects", { data: { name: uniq("Ties off"), allLabelers: false, priority: 951, allowTies: true } });
  expect(created.status(), await created.text()).toBe(201);
  const project = ((await created.json()) as { project: { id: string } }).project;
  expect((await api.put(`/api/v1/projects/${project.id}/members`, { data: { userIds: [labeler.id] } })).status()).toBe(200);
  const tag = uniq("off");
  const imported = await api.post(`/api/v1/prompts?projectId=${project.id}`, {
    data: [{ prompt: `${tag} Pick one.`, completions: ["A", "B", "C", "D", "E"].map((c) => `${c} (${tag})`) }],
  });
  expect(imported.status(), await imported.text()).toBe(201);

  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const cards = page.getByTestId("rank-card");
  await page.getByTestId("rank-handle").first().focus();
  await page.keyboard.press("5");
  await cards.nth(1).getByTestId("rank-handle").focus();
  await page.keyboard.press("t");
  await expect(cards.nth(1)).toHaveAttribute("data-tied", "true");
  const order = await screenOrder(page);

  // Meanwhile the admin turns ties off: the submit is refused for its ties only, and the page sends the order alone.
  const off = await api.patch(`/api/v1/projects/${project.id}`, { data: { allowTies: false } });
  expect(off.status(), await off.text()).toBe(200);
  await page.getByTestId("submit-ranking").click();
  await expect(page.getByText("This project no longer takes ties: your order was sent without them.")).toBeVisible();
  await expect.poll(() => one<{ n: number }>(`SELECT COUNT(*) AS n FROM "Ranking" WHERE "userId" = ? AND "comparisonId" = ?`, labeler.id, taskId)?.n).toBe(1);
  const stored = one<{ order: string; ranks: string | null }>(`SELECT "order", "ranks" FROM "Ranking" WHERE "userId" = ? AND "comparisonId" = ?`, labeler.id, taskId);
  expect(JSON.parse(stored?.order ?? "null")).toEqual(order);
  expect(stored?.ranks).toBeNull();
  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved");
});
