// The labeler's loop on a phone (Chromium touch emulation, real touch events through CDP): after a submit the new
// task starts at its prompt, a drag to the bottom edge never scrolls past the end of the page, and every control
// of the ranking page is at least 44 px in both directions.
import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { createUser, holdTask, importPrompts, signIn, uniq } from "./support";

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

/** Two comparisons with long completions (a tall page on a phone); the first is held by the labeler. */
async function tallTasks(page: Page): Promise<[string, string]> {
  const tag = uniq("tall");
  const body = (i: number, k: number) =>
    `${tag} ${i}.${k}: ` + Array.from({ length: 9 }, (_, n) => `Sentence ${n} of a fairly long answer.`).join(" ");
  const ids = await importPrompts(
    [0, 1].map((i) => ({ prompt: `${tag} prompt ${i}: explain tides.`, completions: [0, 1, 2, 3, 4].map((k) => body(i, k)) })),
  );
  const [first, second] = ids;
  if (!first || !second) throw new Error("import failed");
  await holdTask(page.request, first);
  return [first, second];
}

async function touchDrag(cdp: CDPSession, from: { x: number; y: number }, to: { x: number; y: number }, holdMoves = 0) {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: from.x, y: from.y }] });
  const steps = 16;
  for (let i = 1; i <= steps; i++) {
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchMove",
      touchPoints: [{ x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps }],
    });
  }
  // Keep the finger at the edge a while (dnd-kit auto-scrolls while the pointer stays near it).
  for (let i = 0; i < holdMoves; i++) {
    await new Promise((r) => setTimeout(r, 50));
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: to.x, y: to.y + (i % 2) }] });
  }
}

test("after a submit at the bottom of a tall task, the new task starts at its prompt", async ({ page }) => {
  const labeler = await createUser();
  await signIn(page, labeler);
  const [first, second] = await tallTasks(page);
  expect(await openRankingPage(page)).toBe(first);
  // Down to the end of the task, where the labeler is when they submit (the scrolling itself is not under test).
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(600);

  await page.getByTestId("submit-ranking").tap();
  await page.getByRole("button", { name: "Submit unchanged" }).tap();
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", second);
  // The prompt is at the top of the screen, not 600 px above it.
  await expect
    .poll(async () => (await page.getByTestId("task").boundingBox())?.y ?? -1)
    .toBeGreaterThanOrEqual(0);
  const top = (await page.getByTestId("task").boundingBox())?.y ?? -1;
  expect(top).toBeLessThan(60);
  await expect(page.getByTestId("prompt-text")).toBeInViewport();
});

test("dragging a card to the phone's bottom edge does not scroll past the end of the page", async ({ page }) => {
  const labeler = await createUser();
  await signIn(page, labeler);
  await tallTasks(page);
  await openRankingPage(page);
  const cdp = await page.context().newCDPSession(page);
  await page.getByTestId("rank-handle").nth(3).scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => document.documentElement.scrollHeight);
  const box = (await page.getByTestId("rank-handle").nth(3).boundingBox())!;
  const viewport = page.viewportSize()!;
  const from = { x: box.x + box.width / 2, y: box.y + Math.min(40, box.height / 2) };
  await touchDrag(cdp, from, { x: from.x, y: viewport.height - 3 }, 40);
  const during = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    bottom: window.scrollY + window.innerHeight,
  }));
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  expect(during.height).toBeLessThanOrEqual(before + 1);
  expect(during.bottom).toBeLessThanOrEqual(before + 1);
  // The card was really dragged (it is now lower in the list).
  await expect(page.getByRole("status").filter({ hasText: "dropped" })).toBeVisible();
});

test("every control on the ranking page is at least 44 by 44 px on a phone", async ({ page }) => {
  const labeler = await createUser();
  await signIn(page, labeler);
  await tallTasks(page);
  await openRankingPage(page);
  const controls = page.locator("main").locator("button, a[href], input, [role=button]");
  const count = await controls.count();
  expect(count).toBeGreaterThan(10);
  const small: string[] = [];
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    const box = await control.boundingBox();
    if (!box) continue;
    if (box.width < 44 || box.height < 44) small.push(`${(await control.textContent())?.trim() || (await control.getAttribute("aria-label"))} ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  expect(small).toEqual([]);
  // The undo button of the post-submit toast too.
  await page.getByTestId("submit-ranking").tap();
  await page.getByRole("button", { name: "Submit unchanged" }).tap();
  const undo = page.getByTestId("undo-ranking");
  await expect(undo).toBeVisible();
  const box = (await undo.boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
});
