// The ranking page at phone width with touch (Chromium touch emulation): dragging by the handle reorders,
// swiping over a card's text scrolls and never reorders.
import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { labelerWithTasks, openRankingPage, screenOrder, signIn, storedRanking } from "./support";

async function touchDrag(cdp: CDPSession, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await cdp.send("Input.dispatchTouchEvent", {
    type: "touchStart",
    touchPoints: [{ x: from.x, y: from.y }],
  });
  const steps = 16;
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchMove",
      touchPoints: [{ x, y }],
    });
  }
  await cdp.send("Input.dispatchTouchEvent", {
    type: "touchEnd",
    touchPoints: [],
  });
}

async function centre(
  page: Page,
  testId: string,
  index: number,
): Promise<{ x: number; y: number; top: number; height: number }> {
  const box = await page.getByTestId(testId).nth(index).boundingBox();
  if (!box) throw new Error(`${testId} ${index} not on screen`);
  return {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
    top: box.y,
    height: box.height,
  };
}

test("at phone width a labeler reorders by touch on the drag handle, and a swipe over a card's text does not reorder", async ({
  page,
}) => {
  const labeler = await labelerWithTasks(2);
  await signIn(page, labeler);
  const taskId = await openRankingPage(page);
  const shown = await screenOrder(page);
  const cdp = await page.context().newCDPSession(page);

  // A swipe over the text of the second card: no drag starts, the order stays.
  await page.getByTestId("rank-card").nth(1).scrollIntoViewIfNeeded();
  const text = await centre(page, "completion-text", 1);
  await touchDrag(cdp, text, { x: text.x, y: text.y + 120 });
  expect(await screenOrder(page)).toEqual(shown);

  // Drag the first card by its handle down to the third place.
  await page.getByTestId("rank-list").scrollIntoViewIfNeeded();
  const from = await centre(page, "rank-handle", 0);
  const to = await centre(page, "rank-handle", 2);
  await touchDrag(cdp, from, { x: from.x, y: to.y });
  const expected = [shown[1], shown[2], shown[0], shown[3], shown[4]];
  await expect.poll(() => screenOrder(page)).toEqual(expected);
  await expect(page.getByTestId("rank-number")).toHaveText(["1", "2", "3", "4", "5"]);

  // Submitted with a click: in Chromium's touch emulation the first tap after a CDP touch drag is sometimes not turned
  // into a click (seen in CI at 1 run in 3). Whether a real phone shows the same is not known.
  await expect(page.getByRole("status").filter({ hasText: "dropped" })).toBeVisible();
  await page.getByTestId("submit-ranking").click();
  const stored = await storedRanking(labeler.id, taskId);
  expect(stored.order).toEqual(expected);
});
