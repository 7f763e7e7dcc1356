// The labeler's loop without friction, in desktop Chromium with real mouse and keyboard events: number keys act on
// the focused or hovered card with a hint naming it, `?` lists every shortcut, dialogs give focus back to their
// opener, flagging needs a chosen reason and is confirmed on the card, undo within the window, recovery when the
// connection returns, one task per tab, the labeler's own page, and dark mode from the system setting.
import { expect, test, type Page } from "@playwright/test";
import { labelerWithTasks, one, rankingCount, screenOrder, signIn, storedRanking } from "./support";

// These tests share one server with the rest of the suite; on a busy machine a first task can take longer than the
// default 10 s to appear, so the page gets 30 s and each test two minutes.
test.describe.configure({ timeout: 120_000 });

/** Opens the ranking page and waits for a task; returns its comparison id. */
async function openRankingPage(page: Page): Promise<string> {
  await page.goto("/label");
  const task = page.getByTestId("task");
  await expect(task).toBeVisible({ timeout: 30_000 });
  const id = await task.getAttribute("data-task-id");
  if (!id) throw new Error("task without id");
  return id;
}

/** Moves the first card to place `key` with the keyboard and submits (Enter). */
async function moveFirstAndSubmit(page: Page, key: string): Promise<void> {
  await page.locator("[data-testid=rank-handle]").first().click();
  await page.keyboard.press(key);
  await page.keyboard.press("Enter");
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
const focusedCard = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest("[data-completion-id]")?.getAttribute("data-completion-id") ?? null);

/** Moves the mouse over the text of the card showing completion `id` (a real pointer move). */
async function hover(page: Page, id: string): Promise<void> {
  const box = await page.locator(`[data-completion-id="${id}"] [data-testid=completion-text]`).boundingBox();
  if (!box) throw new Error("card not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(10, box.height / 2), { steps: 3 });
}

test("number keys move the hovered card without a click, the focused card wins over the hovered one, and a hint names the card", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  await openRankingPage(page);
  const shown = await screenOrder(page);
  const letters = ["A", "B", "C", "D", "E"];
  // Nothing focused on the cards (the first task does not take the focus): the pointer decides.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await hover(page, shown[2]!);
  const hint = page.getByTestId("key-hint");
  await expect(hint).toContainText(`Completion ${letters[2]}`);
  await expect(hint).toContainText("under the pointer");
  await expect(page.locator(`[data-completion-id="${shown[2]}"]`)).toHaveAttribute("data-key-target", "true");
  await page.keyboard.press("1");
  await expect.poll(() => screenOrder(page)).toEqual([shown[2], shown[0], shown[1], shown[3], shown[4]]);
  // The mouse has not moved: the same completion stays the target although another card is under the pointer now.
  await page.keyboard.press("5");
  await expect.poll(() => screenOrder(page)).toEqual([shown[0], shown[1], shown[3], shown[4], shown[2]]);

  // A click on a card's handle focuses it; the keys then move the focused card even with the pointer elsewhere.
  await page.locator(`[data-completion-id="${shown[3]}"] [data-testid=rank-handle]`).click();
  await hover(page, shown[0]!);
  await expect(hint).toContainText(`Completion ${letters[3]}`);
  await expect(hint).toContainText("focused");
  await page.keyboard.press("1");
  await expect.poll(() => screenOrder(page)).toEqual([shown[3], shown[0], shown[1], shown[4], shown[2]]);
  expect(await focusedCard(page)).toBe(shown[3]);
});

test("? opens an accessible list of every shortcut, and Escape returns the focus to where it was", async ({ page }) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  await openRankingPage(page);
  const shown = await screenOrder(page);
  await page.locator(`[data-completion-id="${shown[1]}"] [data-testid=rank-handle]`).click();
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  for (const key of ["1", "Enter", "↑", "Space", "Esc", "?"]) {
    await expect(dialog.getByTestId("shortcut-list").locator("kbd", { hasText: key }).first()).toBeVisible();
  }
  // While the dialog is open the number keys do nothing to the list.
  await page.keyboard.press("5");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await screenOrder(page)).toEqual(shown);
  expect(await focusedTestId(page)).toBe("rank-handle");
  expect(await focusedCard(page)).toBe(shown[1]);
});

test("the flag dialog starts with no reason, confirms on the flagged card, and Escape returns focus to its opener (skip too)", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);

  const card = page.locator(`[data-completion-id="${shown[3]}"]`);
  await card.getByRole("button", { name: /^Flag completion/ }).click();
  const dialog = page.getByRole("dialog", { name: /^Flag completion/ });
  await expect(dialog).toBeVisible();
  for (const reason of ["Harmful", "Broken", "Other"]) await expect(dialog.getByLabel(reason)).not.toBeChecked();
  const send = dialog.getByRole("button", { name: "Flag completion" });
  await expect(send).toBeDisabled();
  await dialog.getByLabel("Broken").check();
  await expect(send).toBeEnabled();
  await send.click();
  await expect(dialog).toBeHidden();

  // The confirmation is on the card, in view, not at the top of the page; the card shows that it is flagged.
  const confirmation = card.getByTestId("flag-confirmation");
  await expect(confirmation).toContainText("flagged as broken");
  await expect(confirmation).toBeInViewport();
  await expect(card.getByTestId("flagged-badge")).toHaveText("Flagged: broken");
  await expect(card).toHaveAttribute("data-flagged", "true");
  expect(await focusedTestId(page)).toBe("flag-button");
  expect(await focusedCard(page)).toBe(shown[3]);
  await expect.poll(() => one(`SELECT "reason" FROM "Flag" WHERE "userId" = ?`, labeler.id)).toEqual({ reason: "broken" });

  // Escape on another card's flag dialog: nothing stored, focus back on that card's Flag button.
  await page.locator(`[data-completion-id="${shown[0]}"]`).getByRole("button", { name: /^Flag completion/ }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await focusedCard(page)).toBe(shown[0]);
  expect(await focusedTestId(page)).toBe("flag-button");

  // The skip dialog too.
  const skip = page.getByRole("button", { name: "Skip", exact: true });
  await skip.click();
  await expect(page.getByRole("dialog", { name: "Skip this task?" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(skip).toBeFocused();
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", taskId);
});

test("Undo in the toast takes the stored ranking back and gives the task again in the submitted order, to rank anew", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(3);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);
  await page.locator(`[data-completion-id="${shown[4]}"] [data-testid=rank-handle]`).click();
  await page.keyboard.press("1");
  const submitted = [shown[4], shown[0], shown[1], shown[2], shown[3]];
  await expect.poll(() => screenOrder(page)).toEqual(submitted);
  await page.keyboard.press("Enter");

  await storedRanking(labeler.id, taskId);
  await expect(page.getByTestId("task")).not.toHaveAttribute("data-task-id", taskId);
  const next = await page.getByTestId("task").getAttribute("data-task-id");
  const toast = page.getByTestId("undo-toast");
  await expect(toast).toContainText("Undo within");
  await toast.getByRole("button", { name: "Undo" }).click();

  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", taskId);
  expect(await screenOrder(page)).toEqual(submitted);
  await expect(toast).toBeHidden();
  expect(rankingCount({ userId: labeler.id, comparisonId: taskId })).toBe(0);
  expect(one(`SELECT COUNT(*) AS n FROM "RankingUndo" WHERE "userId" = ? AND "comparisonId" = ?`, labeler.id, taskId)).toEqual({ n: 1 });
  expect(one(`SELECT "slotHeld" FROM "Lease" WHERE "userId" = ? AND "comparisonId" = ?`, labeler.id, taskId)).toEqual({ slotHeld: 1 });

  // Ranked anew (moved back to the order shown: Enter asks nothing, as the submitted order is the starting point).
  await page.locator(`[data-completion-id="${shown[4]}"] [data-testid=rank-handle]`).click();
  await page.keyboard.press("5");
  await expect.poll(() => screenOrder(page)).toEqual(shown);
  await page.keyboard.press("Enter");
  const stored = await storedRanking(labeler.id, taskId);
  expect(stored.order).toEqual(shown);
  // The task that was on screen before the undo comes next again.
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", next ?? "");
});

test("the task area recovers by itself when the connection returns, without Try again", async ({ page, context }) => {
  const labeler = await labelerWithTasks(4);
  await signIn(page, labeler);
  // Let the next task be prefetched, then go offline.
  const prefetch = page.waitForResponse((res) => res.url().includes("/api/v1/tasks/next?exclude="));
  const first = await openRankingPage(page);
  await prefetch;
  await context.setOffline(true);
  await moveFirstAndSubmit(page, "2");
  // The prefetched task appears; its own prefetch fails offline, so the next submit has nothing to show.
  await expect(page.getByTestId("task")).not.toHaveAttribute("data-task-id", first);
  const second = await page.getByTestId("task").getAttribute("data-task-id");
  await moveFirstAndSubmit(page, "2");
  await expect(page.getByText("Could not load a task")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "retrying");

  await context.setOffline(false);
  await expect(page.getByTestId("task")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Could not load a task")).toBeHidden();
  const third = await page.getByTestId("task").getAttribute("data-task-id");
  expect([first, second]).not.toContain(third);
  await storedRanking(labeler.id, first);
  await storedRanking(labeler.id, second ?? "");
  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved");
});

test("a second tab of the same labeler gets its own task; a reload keeps each tab's task; a submit in one leaves the other alone", async ({
  page,
  context,
}) => {
  const labeler = await labelerWithTasks(6);
  await signIn(page, labeler);
  const a = await openRankingPage(page);
  const second = await context.newPage();
  const b = await openRankingPage(second);
  expect(b).not.toBe(a);

  await page.reload();
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", a, { timeout: 30_000 });
  await second.reload();
  await expect(second.getByTestId("task")).toHaveAttribute("data-task-id", b, { timeout: 30_000 });

  // The second tab submits: it moves on to a task neither tab showed; the first tab still shows its own.
  await moveFirstAndSubmit(second, "3");
  await storedRanking(labeler.id, b);
  await expect(second.getByTestId("task")).not.toHaveAttribute("data-task-id", b);
  const b2 = await second.getByTestId("task").getAttribute("data-task-id");
  expect(b2).not.toBe(a);
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", a);
  await second.close();
});

/** The task ids this tab holds in the labeler's record of open tabs (shown first, then the prefetched one). */
const heldBy = (page: Page) =>
  page.evaluate(() => {
    const tabId = sessionStorage.getItem("podium.tabId") ?? "";
    const record = Object.entries(localStorage).find(([key]) => key.startsWith("podium.tabs.v1."))?.[1];
    const entry = record ? (JSON.parse(record) as Record<string, { tasks: string[] } | undefined>)[tabId] : undefined;
    return entry?.tasks ?? [];
  });

test("a tab that reloads holds its task until it is shown again: another tab that moves on meanwhile is not given it", async ({
  page,
  context,
}) => {
  const labeler = await labelerWithTasks(8);
  await signIn(page, labeler);
  const a = await openRankingPage(page);
  await expect.poll(() => heldBy(page)).toHaveLength(2);
  const second = await context.newPage();
  const b = await openRankingPage(second);
  await expect.poll(() => heldBy(second)).toHaveLength(2);

  // The first tab reloads, and its request for the task is held back while the second tab ranks and moves on.
  let asked!: () => void;
  const askedFor = new Promise<void>((resolve) => (asked = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/v1/tasks/next**", async (route) => {
    asked();
    await released;
    await route.continue();
  });
  await page.reload();
  await askedFor;
  await moveFirstAndSubmit(second, "3");
  await storedRanking(labeler.id, b);
  await expect(second.getByTestId("task")).not.toHaveAttribute("data-task-id", b);
  await expect.poll(() => heldBy(second)).toHaveLength(2);
  expect(await heldBy(second)).not.toContain(a);

  release();
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", a, { timeout: 30_000 });
  await page.unroute("**/api/v1/tasks/next**");
  await expect.poll(() => heldBy(page)).toHaveLength(2);
  // The second tab ranks again: it still never shows the first tab's task, and the first tab keeps it.
  const c = await second.getByTestId("task").getAttribute("data-task-id");
  await moveFirstAndSubmit(second, "3");
  await storedRanking(labeler.id, c ?? "");
  await expect(second.getByTestId("task")).not.toHaveAttribute("data-task-id", c ?? "");
  expect(await second.getByTestId("task").getAttribute("data-task-id")).not.toBe(a);
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", a);
  await second.close();
});

test("the labeler's own page shows rankings today and this week and the median time", async ({ page }) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  await moveFirstAndSubmit(page, "4");
  await storedRanking(labeler.id, taskId);
  await page.getByRole("link", { name: "My stats" }).click();
  await expect(page).toHaveURL(/\/label\/me$/);
  await expect(page.getByRole("heading", { name: "My stats" })).toBeVisible();
  await expect(page.getByTestId("stat-today")).toHaveText("1");
  await expect(page.getByTestId("stat-week")).toHaveText("1");
  await expect(page.getByTestId("stat-median")).toHaveText(/^\d+ s$|^\d+ min \d+ s$/);
  const res = await page.request.get("/api/v1/me/stats");
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { stats: { rankedToday: number } }).stats.rankedToday).toBe(1);
});

test("dark mode follows the system setting", async ({ page }) => {
  const labeler = await labelerWithTasks(1);
  await signIn(page, labeler);
  await page.emulateMedia({ colorScheme: "light" });
  await openRankingPage(page);
  const colours = () =>
    page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      card: getComputedStyle(document.querySelector("[data-testid=rank-card]")!).backgroundColor,
      text: getComputedStyle(document.body).color,
    }));
  const light = await colours();
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await colours();
  expect(dark.body).not.toBe(light.body);
  expect(dark.card).not.toBe(light.card);
  expect(dark.text).not.toBe(light.text);
  // Dark means dark: the page background is darker than its text.
  const lightness = (c: string) =>
    page.evaluate((colour) => {
      const canvas = document.createElement("canvas").getContext("2d")!;
      canvas.fillStyle = colour;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b] = canvas.getImageData(0, 0, 1, 1).data;
      return (r! + g! + b!) / 3;
    }, c);
  expect(await lightness(dark.body)).toBeLessThan(await lightness(dark.text));
  expect(await lightness(light.body)).toBeGreaterThan(await lightness(light.text));
});
