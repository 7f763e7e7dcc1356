// A labeling effort run end to end in Chromium, through the pages only: an admin creates a project, sets its gold
// rate and pause rule and its members, and imports prompts with gold items; a careless labeler (who ranks the gold
// items in the reverse of the reference and submits the rest as shown) and a careful one (who follows the reference)
// rank on the real ranking page with the keyboard and the mouse; the careless one is paused and told so; the quality
// console shows the pause and the two gold scores, and pauses and lifts the careful one by hand; the admin excludes a comparison in the data browser and saves a
// filtered export snapshot whose manifest matches what was stored.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { admin, createUser, one, screenOrder, signIn, uniq, type TestUser } from "./support";

/** What the ranking page shows: the task's comparison id, the paused notice, or nothing yet. */
function pageState(page: Page): Promise<string> {
  return page.evaluate(() => {
    if (document.querySelector('[data-testid="paused"]')) return "paused";
    if (document.querySelector('[data-testid="no-tasks"]')) return "no-tasks";
    return document.querySelector('[data-testid="task"]')?.getAttribute("data-task-id") ?? "loading";
  });
}

/** Waits until the page shows something other than `previous` (a new task, the paused notice or no tasks). */
async function nextState(page: Page, previous: string): Promise<string> {
  let state = previous;
  await expect
    .poll(async () => {
      state = await pageState(page);
      return state !== previous && state !== "loading";
    }, { timeout: 20_000 })
    .toBe(true);
  return state;
}

/** The reference order of a gold comparison (completion ids, best first), or null for an ordinary one. */
function goldOrder(comparisonId: string): string[] | null {
  const row = one<{ goldRanking: string | null }>(`SELECT "goldRanking" FROM "Comparison" WHERE "id" = ? AND "gold" = 1`, comparisonId);
  return row?.goldRanking ? (JSON.parse(row.goldRanking) as string[]) : null;
}

/** Puts the cards in `order` with the keyboard: each card, last to first, focused and sent to rank 1 with "1". */
async function arrangeByKeys(page: Page, order: string[]): Promise<void> {
  for (const id of [...order].reverse()) {
    await page.locator(`[data-testid="rank-card"][data-completion-id="${id}"]`).getByTestId("rank-handle").focus();
    await page.keyboard.press("1");
  }
  await expect.poll(() => screenOrder(page)).toEqual(order);
}

/** Drags the card at `from` onto the place of the card at `to` with the mouse (dnd-kit's pointer sensor). */
async function dragByMouse(page: Page, from: number, to: number): Promise<void> {
  const handles = page.getByTestId("rank-handle");
  const a = await handles.nth(from).boundingBox();
  const b = await handles.nth(to).boundingBox();
  if (!a || !b) throw new Error("card not on screen");
  const x = a.x + a.width / 2;
  await page.mouse.move(x, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, a.y + a.height / 2 + (to > from ? 12 : -12), { steps: 4 });
  await page.mouse.move(x, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
}

/** Submits the order on screen; when it is the order shown (`shown`), the page asks once and is answered yes. */
async function submit(page: Page, shown: string[]): Promise<void> {
  const unchanged = (await screenOrder(page)).every((id, i) => id === shown[i]);
  await page.getByTestId("submit-ranking").click();
  if (unchanged) {
    const dialog = page.getByRole("dialog", { name: "Submit unchanged?" });
    await dialog.getByRole("button", { name: "Submit unchanged" }).click();
    await expect(dialog).toBeHidden();
  }
}

async function labelerPage(browser: Browser, user: TestUser, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, user);
  await page.goto("/label");
  return page;
}

test("an admin runs a project with gold items: the careless labeler is paused, the console shows it, a comparison is excluded and a filtered snapshot saved", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const api = await admin();
  const contexts: BrowserContext[] = [];
  // Only this test's project may serve its labelers, so that the paused one has nothing else to rank.
  expect((await api.patch("/api/v1/projects/default", { data: { status: "PAUSED" } })).status()).toBe(200);
  try {
    const owner = await createUser({ role: "ADMIN", name: uniq("Owner") });
    const careless = await createUser({ name: uniq("Careless") });
    const careful = await createUser({ name: uniq("Careful") });
    await signIn(page, owner);

    // The project, its pause rule and its members, on the project pages.
    await page.goto("/admin/projects");
    const name = uniq("Ops");
    const form = page.getByRole("form", { name: "New project" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Rankings per comparison").fill("2");
    await form.getByLabel("Priority").fill("950");
    await form.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByTestId("project-name")).toHaveText(name);
    const projectId = page.url().split("/").at(-1) ?? "";

    const settings = page.getByRole("form", { name: "Project settings" });
    await settings.getByLabel("Open to all labelers (else members only)").uncheck();
    await settings.getByLabel("Gold rate (%)").fill("100");
    await settings.getByLabel("Gold threshold (0–1)").fill("0.6");
    await settings.getByLabel("Gold answers before a pause").fill("2");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByText("Settings saved.")).toBeVisible();
    const members = page.getByRole("region", { name: "Members" });
    await members.getByLabel(new RegExp(careless.name)).check();
    await members.getByLabel(new RegExp(careful.name)).check();
    await members.getByRole("button", { name: "Save members" }).click();
    await expect(members.getByText("2 members saved.")).toBeVisible();
    expect(one<{ goldRate: number; goldThreshold: number; goldMinAnswers: number; allLabelers: number }>(
      `SELECT "goldRate", "goldThreshold", "goldMinAnswers", "allLabelers" FROM "Project" WHERE "id" = ?`,
      projectId,
    )).toEqual({ goldRate: 1, goldThreshold: 0.6, goldMinAnswers: 2, allLabelers: 0 });

    // Two gold items and three ordinary prompts, imported into the project with the import form.
    const tag = uniq("ops");
    const answers = (i: number) => ["A", "B", "C", "D", "E"].map((x) => `${tag} answer ${x}${i}`);
    const lines = [
      { prompt: `${tag} gold question one`, completions: answers(1), goldRanking: [2, 0, 4, 1, 3] },
      { prompt: `${tag} gold question two`, completions: answers(2), goldRanking: [4, 3, 2, 1, 0] },
      ...[1, 2, 3].map((i) => ({ prompt: `${tag} ordinary question ${i}`, completions: answers(10 + i) })),
    ];
    await page.goto("/admin#import");
    await page.getByLabel("Prompts (JSON array or JSONL)").fill(lines.map((l) => JSON.stringify(l)).join("\n"));
    await page.getByLabel("Project", { exact: true }).selectOption({ label: name });
    await page.getByLabel("Rankings per comparison").fill("2");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("import-report")).toContainText("5 imported, 0 duplicates, 0 rejected; 5 comparisons to rank, 2 of them gold.");
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "Comparison" WHERE "projectId" = ? AND "gold" = 1`, projectId)?.n).toBe(2);

    // The careless labeler: gold items in the reverse of the reference (keyboard), the rest as shown, until paused.
    const sloppy = await labelerPage(browser, careless, contexts);
    let state = await nextState(sloppy, "loading");
    let goldAnswered = 0;
    for (let i = 0; i < 6 && state !== "paused"; i++) {
      expect(state, "the careless labeler is served until paused").not.toBe("no-tasks");
      const shown = await screenOrder(sloppy);
      const gold = goldOrder(state);
      if (gold) {
        await arrangeByKeys(sloppy, [...gold].reverse());
        goldAnswered += 1;
      }
      await submit(sloppy, shown);
      state = await nextState(sloppy, state);
    }
    expect(state).toBe("paused");
    expect(goldAnswered).toBe(2);
    const notice = sloppy.getByTestId("paused");
    await expect(notice).toContainText("You are paused");
    await expect(notice).toContainText(name);
    await expect(notice).toContainText("gold score 0.00 over 2 gold answers is below the project's threshold 0.6");

    // The careful labeler: gold items as the reference (keyboard), ordinary ones reordered by a mouse drag.
    const tidy = await labelerPage(browser, careful, contexts);
    state = await nextState(tidy, "loading");
    for (let i = 0; i < 4; i++) {
      expect(state, "the careful labeler has work").not.toMatch(/^(paused|no-tasks)$/);
      const shown = await screenOrder(tidy);
      const gold = goldOrder(state);
      if (gold) {
        await arrangeByKeys(tidy, gold);
      } else {
        await dragByMouse(tidy, 4, 0);
        await expect.poll(() => screenOrder(tidy)).toEqual([shown[4], ...shown.slice(0, 4)]);
      }
      await submit(tidy, shown);
      state = await nextState(tidy, state);
    }
    await expect
      .poll(() => one<{ n: number }>(`SELECT COUNT(*) AS n FROM "Ranking" WHERE "userId" = ? AND "projectId" = ?`, careful.id, projectId)?.n)
      .toBe(4);
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "LabelerPause" WHERE "userId" = ? AND "liftedAt" IS NULL`, careful.id)?.n).toBe(0);

    // The quality console: the careless labeler paused, the two gold scores side by side.
    await page.goto("/admin/quality");
    await page.getByLabel("Project", { exact: true }).selectOption({ label: name });
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`project=${projectId}`));
    const table = page.getByTestId("labeler-table");
    const headers = await table.getByRole("columnheader").allTextContents();
    const goldColumn = headers.findIndex((h) => h.startsWith("Gold score"));
    const pausedColumn = headers.findIndex((h) => h.startsWith("Paused"));
    const sloppyRow = table.getByTestId(`labeler-row-${careless.id}`);
    const tidyRow = table.getByTestId(`labeler-row-${careful.id}`);
    await expect(sloppyRow.getByRole("cell").nth(goldColumn)).toHaveText("0.0%");
    await expect(tidyRow.getByRole("cell").nth(goldColumn)).toHaveText("100.0%");
    await expect(sloppyRow.getByRole("cell").nth(pausedColumn)).toHaveText("paused");
    await expect(tidyRow.getByRole("cell").nth(pausedColumn)).toHaveText("—");

    // From the console: the careless labeler's panel says why they are paused; the careful one is paused by hand
    // with a reason, then the pause is lifted.
    await sloppyRow.getByRole("button", { name: careless.name }).click();
    await expect(page.getByTestId("pause-control")).toContainText("Paused on this project: gold score");
    await tidyRow.getByRole("button", { name: careful.name }).click();
    const pauseForm = page.getByRole("form", { name: `Pause ${careful.name} on this project` });
    await pauseForm.getByLabel("Reason for a pause").fill("Checking the last batch");
    await pauseForm.getByRole("button", { name: "Pause on this project" }).click();
    await expect(page.getByTestId("pause-control")).toContainText("Paused on this project: Checking the last batch");
    await expect(tidyRow.getByRole("cell").nth(pausedColumn)).toHaveText("paused");
    expect(one<{ reason: string }>(`SELECT "reason" FROM "LabelerPause" WHERE "userId" = ? AND "liftedAt" IS NULL`, careful.id)?.reason).toBe("Checking the last batch");
    await page.getByRole("button", { name: "Lift the pause" }).click();
    await expect(tidyRow.getByRole("cell").nth(pausedColumn)).toHaveText("—");
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "LabelerPause" WHERE "userId" = ? AND "liftedAt" IS NULL`, careful.id)?.n).toBe(0);

    // The data browser: the ordinary comparison with the most rankings is excluded, with a reason.
    const target = one<{ id: string; text: string }>(
      `SELECT c."id", p."text" FROM "Comparison" c JOIN "Prompt" p ON p."id" = c."promptId"
       WHERE c."projectId" = ? AND c."gold" = 0 ORDER BY c."rankingCount" DESC, p."text" LIMIT 1`,
      projectId,
    );
    if (!target) throw new Error("no ordinary comparison");
    await page.goto("/admin/data");
    await page.getByLabel("Prompt text contains").fill(tag);
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByTestId("data-results");
    await expect(results.getByRole("row")).toHaveCount(6); // header + five comparisons
    await results.getByRole("link", { name: new RegExp(target.text) }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/data/${target.id}$`));
    await page.getByRole("button", { name: "Exclude…" }).click();
    const dialog = page.getByRole("dialog", { name: "Exclude from training?" });
    await dialog.getByLabel("Reason").fill("ranked by a paused labeler");
    await dialog.getByRole("button", { name: "Exclude" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Excluded from training data and exports." })).toBeVisible();
    expect(one<{ excludedReason: string }>(`SELECT "excludedReason" FROM "Comparison" WHERE "id" = ?`, target.id)?.excludedReason).toBe(
      "ranked by a paused labeler",
    );

    // A snapshot of this project's data from labelers with a gold score of at least 0.6: the careful labeler's
    // rankings of the ordinary comparisons still included.
    const expected = one<{ rankings: number; comparisons: number }>(
      `SELECT COUNT(*) AS rankings, COUNT(DISTINCT r."comparisonId") AS comparisons FROM "Ranking" r
       JOIN "Comparison" c ON c."id" = r."comparisonId"
       WHERE r."userId" = ? AND c."projectId" = ? AND c."gold" = 0 AND c."excludedAt" IS NULL`,
      careful.id,
      projectId,
    );
    expect(expected?.rankings).toBeGreaterThan(0);
    await page.goto("/admin#export");
    await page.getByLabel("Projects", { exact: true }).selectOption({ label: name });
    await page.getByLabel("Min gold score").fill("0.6");
    const snapshot = uniq("ops-snap");
    await page.getByLabel("Snapshot name").fill(snapshot);
    await page.getByRole("button", { name: "Save as snapshot" }).click();
    await expect(page.getByText(`Saved "${snapshot}"`)).toBeVisible();
    const row = one<{ id: string; contentHash: string; counts: string; filters: string }>(
      `SELECT "id", "contentHash", "counts", "filters" FROM "ExportSnapshot" WHERE "name" = ?`,
      snapshot,
    );
    if (!row) throw new Error("snapshot not stored");
    expect(JSON.parse(row.filters)).toMatchObject({ filters: { projectId: [projectId], minGoldScore: 0.6, includeExcluded: false, includeGold: false } });
    expect(JSON.parse(row.counts)).toMatchObject({ rankings: expected!.rankings, comparisons: expected!.comparisons, labelers: 1 });
    const manifest = page.getByLabel(`Manifest of ${snapshot}`);
    await expect(manifest).toContainText(row.contentHash);
    await expect(manifest).toContainText(`${expected!.comparisons} comparisons, ${expected!.rankings} rankings`);
    await expect(manifest).toContainText("1 labelers");

    // Still paused on a fresh visit.
    await sloppy.goto("/label");
    await expect(sloppy.getByTestId("paused")).toContainText("You are paused");
  } finally {
    await api.patch("/api/v1/projects/default", { data: { status: "ACTIVE" } });
    for (const context of contexts) await context.close();
  }
});
