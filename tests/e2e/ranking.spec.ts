// The ranking page in desktop Chromium — mouse and keyboard ranking, the unchanged-order guard, skip and
// flag, prefetching, and a ranking that survives a failed request or a reload, stored exactly once.
import { expect, test, type Page } from "@playwright/test";
import { labelerWithTasks, one, openRankingPage, rankingCount, screenOrder, signIn, storedRanking } from "./support";

async function dragByMouse(page: Page, fromIndex: number, toIndex: number): Promise<void> {
  const handles = page.getByTestId("rank-handle");
  // Five cards can be taller than the viewport (notes on near-identical completions): the middle card is centred so
  // that both ends of the drag are on screen, away from the edges where the list scrolls by itself while dragging.
  await handles.nth(2).evaluate((el) => el.scrollIntoView({ block: "center" }));
  const from = await handles.nth(fromIndex).boundingBox();
  const to = await handles.nth(toIndex).boundingBox();
  if (!from || !to) throw new Error("card not on screen");
  const x = from.x + from.width / 2;
  await page.mouse.move(x, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, from.y + from.height / 2 + (toIndex > fromIndex ? 12 : -12), { steps: 4 });
  await page.mouse.move(x, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

function moved<T>(list: T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  if (item === undefined) throw new Error("index out of range");
  copy.splice(to, 0, item);
  return copy;
}

test("a labeler ranks by mouse drag; the stored order equals the order on screen and the prefetched task appears next", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(3);
  await signIn(page, labeler);
  // The page asks for the following task (excluding the one on screen) while the labeler works.
  const prefetch = page.waitForResponse((res) => res.url().includes("/api/v1/tasks/next?exclude="));
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);
  expect(shown).toHaveLength(5);
  await expect(page.getByTestId("rank-number")).toHaveText(["1", "2", "3", "4", "5"]);

  await dragByMouse(page, 4, 0);
  await expect.poll(() => screenOrder(page)).toEqual(moved(shown, 4, 0));
  await dragByMouse(page, 1, 3);
  const expected = moved(moved(shown, 4, 0), 1, 3);
  await expect.poll(() => screenOrder(page)).toEqual(expected);

  const prefetched = ((await (await prefetch).json()) as { task: { id: string } | null }).task?.id ?? null;
  await page.getByTestId("submit-ranking").click();

  const stored = await storedRanking(labeler.id, taskId);
  expect(stored.order).toEqual(expected);
  expect(stored.shownOrder).toEqual(shown);
  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved");
  await expect(page.getByTestId("progress")).toContainText("This session 1");
  if (prefetched) await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", prefetched);
  else await expect(page.getByTestId("task")).not.toHaveAttribute("data-task-id", taskId);
});

test("a labeler ranks with the keyboard only: number keys, a keyboard drag, and Enter to submit", async ({ page }) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);

  // The first card has the focus when a task appears (else Tab reaches it).
  const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  for (let i = 0; i < 30 && (await focusedTestId()) !== "rank-handle"; i++) {
    await page.keyboard.press("Tab");
  }
  const focusedId = () =>
    page.evaluate(() => document.activeElement?.closest("[data-completion-id]")?.getAttribute("data-completion-id"));
  expect(await focusedId()).toBe(shown[0]);

  // "5" sends the focused card to the last rank; focus stays on it and the move is announced.
  await page.keyboard.press("5");
  let expected = moved(shown, 0, 4);
  await expect.poll(() => screenOrder(page)).toEqual(expected);
  expect(await focusedId()).toBe(shown[0]);
  await expect(page.getByTestId("rank-announcer")).toContainText("moved to rank 5 of 5");

  // Arrow up moves the focus to the card above; Space, ArrowUp, Space drags it one place up (dnd-kit's keyboard sensor).
  await page.keyboard.press("ArrowUp");
  expect(await focusedId()).toBe(expected[3]);
  // Each step waits for what a screen reader hears (dnd-kit's live region).
  const spoken = page.locator('[id^="DndLiveRegion"]');
  await page.keyboard.press("Space");
  await expect(spoken).toContainText(/Picked up Completion .*, rank 4 of 5|is over rank 4 of 5/);
  await page.keyboard.press("ArrowUp");
  await expect(spoken).toContainText("is over rank 3 of 5");
  await page.keyboard.press("Space");
  await expect(spoken).toContainText("dropped at rank 3 of 5");
  expected = moved(expected, 3, 2);
  await expect.poll(() => screenOrder(page)).toEqual(expected);

  // "1" on a card sends it to the top.
  await page.getByTestId("rank-handle").nth(2).focus();
  await page.keyboard.press("1");
  expected = moved(expected, 2, 0);
  await expect.poll(() => screenOrder(page)).toEqual(expected);

  await page.keyboard.press("Enter");
  const stored = await storedRanking(labeler.id, taskId);
  expect(stored.order).toEqual(expected);
  await expect(page.getByTestId("task")).not.toHaveAttribute("data-task-id", taskId);
  // The keyboard user carries on from card 1 of the next task.
  await expect.poll(focusedTestId).toBe("rank-handle");
  expect(await focusedId()).toBe((await screenOrder(page))[0]);
});

test("submitting the untouched order asks once, and 'Submit unchanged' stores the order as shown", async ({ page }) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);

  await page.getByTestId("submit-ranking").click();
  const dialog = page.getByRole("dialog", { name: "Submit unchanged?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Submit unchanged" }).click();
  await expect(dialog).toBeHidden();

  const stored = await storedRanking(labeler.id, taskId);
  expect(stored.order).toEqual(shown);
  expect(stored.shownOrder).toEqual(shown);
});

test("after 'Keep ranking' the unchanged-order question is not asked a second time for the same task", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);

  await page.getByTestId("submit-ranking").click();
  const dialog = page.getByRole("dialog", { name: "Submit unchanged?" });
  await dialog.getByRole("button", { name: "Keep ranking" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", taskId);
  expect(rankingCount({ userId: labeler.id })).toBe(0);

  await page.getByTestId("submit-ranking").click();
  await expect(dialog).toBeHidden();
  await storedRanking(labeler.id, taskId);
});

test("a labeler skips a task with a reason and gets another one", async ({ page }) => {
  const labeler = await labelerWithTasks(3);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);

  await page.getByRole("button", { name: "Skip", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Skip this task?" });
  await dialog.getByLabel("Reason (optional)").fill("I cannot judge Python answers");
  await dialog.getByRole("button", { name: "Skip task" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("task")).not.toHaveAttribute("data-task-id", taskId);

  const skip = one<{ reason: string }>(
    `SELECT "reason" FROM "Skip" WHERE "userId" = ? AND "comparisonId" = ?`,
    labeler.id,
    taskId,
  );
  expect(skip?.reason).toBe("I cannot judge Python answers");
});

test("flagging a completion stores the flag and keeps the task and the order being worked on", async ({ page }) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);
  await dragByMouse(page, 3, 0);
  const order = moved(shown, 3, 0);
  await expect.poll(() => screenOrder(page)).toEqual(order);

  const card = page.getByTestId("rank-card").nth(1);
  await card.getByRole("button", { name: /^Flag completion/ }).click();
  const dialog = page.getByRole("dialog", { name: /^Flag completion/ });
  await dialog.getByLabel("Broken").check();
  await dialog.getByLabel("Note (optional)").fill("cut off mid-sentence");
  await dialog.getByRole("button", { name: "Flag completion" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "flagged" })).toBeVisible();

  await expect.poll(() => one(`SELECT 1 FROM "Flag" WHERE "userId" = ?`, labeler.id)).toBeTruthy();
  const flag = one<{ completionId: string; reason: string; note: string }>(
    `SELECT "completionId", "reason", "note" FROM "Flag" WHERE "userId" = ?`,
    labeler.id,
  );
  expect(flag).toEqual({
    completionId: order[1],
    reason: "broken",
    note: "cut off mid-sentence",
  });
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", taskId);
  expect(await screenOrder(page)).toEqual(order);
});

test("a ranking whose response is lost is retried with its idempotency key and stored exactly once", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);
  // Assignment serves the comparisons closest to done first: this one may already hold other labelers' rankings.
  const countBefore = one<{ rankingCount: number }>(`SELECT "rankingCount" FROM "Comparison" WHERE "id" = ?`, taskId)?.rankingCount;
  expect(countBefore).toBeDefined();

  // The first POST reaches the server and is stored, but the browser sees a network failure.
  const keys: string[] = [];
  await page.route("**/api/v1/tasks/*/ranking", async (route) => {
    keys.push(route.request().headers()["idempotency-key"] ?? "");
    if (keys.length === 1) {
      await route.fetch();
      await route.abort("connectionreset");
    } else await route.continue();
  });

  await dragByMouse(page, 2, 0);
  const expected = moved(shown, 2, 0);
  await expect.poll(() => screenOrder(page)).toEqual(expected);
  await page.getByTestId("submit-ranking").click();

  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved");
  expect(keys.length).toBeGreaterThanOrEqual(2);
  expect(new Set(keys).size).toBe(1);
  expect(rankingCount({ userId: labeler.id, comparisonId: taskId })).toBe(1);
  expect((await storedRanking(labeler.id, taskId)).order).toEqual(expected);
  const comparison = one<{ rankingCount: number }>(`SELECT "rankingCount" FROM "Comparison" WHERE "id" = ?`, taskId);
  expect(comparison?.rankingCount).toBe((countBefore ?? 0) + 1);
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("podium.pendingRankings"))),
  ).toEqual([]);
});

test("a ranking that could not be sent is kept on the device across a reload and stored once the server is reachable", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(3);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);

  await page.route("**/api/v1/tasks/*/ranking", (route) => route.abort("internetdisconnected"));
  await dragByMouse(page, 4, 1);
  const expected = moved(shown, 4, 1);
  await expect.poll(() => screenOrder(page)).toEqual(expected);
  await page.getByTestId("submit-ranking").click();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "retrying");
  await expect(page.getByTestId("save-status")).toContainText("1 waiting");
  expect(rankingCount({ userId: labeler.id })).toBe(0);

  await page.unroute("**/api/v1/tasks/*/ranking");
  await page.reload();
  await expect(page.getByTestId("save-status")).toHaveText("All rankings saved");
  expect((await storedRanking(labeler.id, taskId)).order).toEqual(expected);
  expect(rankingCount({ userId: labeler.id })).toBe(1);
  // The page never shows the task whose ranking was waiting.
  await expect(page.getByTestId("task")).not.toHaveAttribute("data-task-id", taskId);
});
