// Projects in Chromium: an admin creates a project, versions its guidelines and picks members on the project page;
// a labeler sees the project's guidelines beside the task, and a new version with a notice while the page is open;
// a labeler paused for a low gold score is told so, and is served again once an admin lifts the pause.
import { expect, test } from "@playwright/test";
import { admin, createUser, db, one, signIn, uniq } from "./support";

test("an admin creates a project, saves versioned guidelines and sets its members on the project page", async ({ page }) => {
  const owner = await createUser({ role: "ADMIN" });
  const labeler = await createUser({ role: "LABELER", name: uniq("Member") });
  await signIn(page, owner);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();

  const name = uniq("Project");
  const form = page.getByRole("form", { name: "New project" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Priority").fill("-5");
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByTestId("project-name")).toHaveText(name);
  const projectId = page.url().split("/").at(-1) ?? "";

  await page.getByLabel("Guidelines (Markdown)").fill("# Rule one\nPrefer correct answers.");
  await page.getByRole("button", { name: "Save guidelines" }).click();
  await expect(page.getByText("Saved as version 2.", { exact: false })).toBeVisible();
  await expect(page.getByTestId("guidelines-versions").getByRole("listitem")).toHaveCount(2);

  const members = page.getByRole("region", { name: "Members" });
  await members.getByLabel(new RegExp(labeler.name)).check();
  await members.getByRole("button", { name: "Save members" }).click();
  await expect(members.getByText("1 member saved.")).toBeVisible();

  expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "ProjectMember" WHERE "projectId" = ? AND "userId" = ?`, projectId, labeler.id)?.n).toBe(1);
  expect(one<{ v: number; p: number }>(`SELECT "guidelinesVersion" AS v, "priority" AS p FROM "Project" WHERE "id" = ?`, projectId)).toEqual({ v: 2, p: -5 });
});

test("a labeler sees the project's guidelines update live, is told when paused for gold answers, and resumes after a lift", async ({ page, browser }) => {
  const api = await admin();
  // Only this test's project may serve the labeler: the default project is paused meanwhile.
  expect((await api.patch("/api/v1/projects/default", { data: { status: "PAUSED" } })).status()).toBe(200);
  try {
    const created = await api.post("/api/v1/projects", {
      data: { name: uniq("Gold"), allLabelers: false, priority: 900, goldRate: 1, goldMinAnswers: 1, goldThreshold: 0.6, guidelines: "Rules, first version." },
    });
    expect(created.status(), await created.text()).toBe(201);
    const project = ((await created.json()) as { project: { id: string; name: string } }).project;
    const labeler = await createUser({ role: "LABELER" });
    expect((await api.put(`/api/v1/projects/${project.id}/members`, { data: { userIds: [labeler.id] } })).status()).toBe(200);
    const tag = uniq("g");
    const completions = ["a", "b", "c", "d", "e"].map((x) => `${tag} answer ${x}`);
    const imported = await api.post(`/api/v1/prompts?projectId=${project.id}`, {
      data: [
        { prompt: `${tag} gold question`, completions, goldRanking: [0, 1, 2, 3, 4] },
        { prompt: `${tag} ordinary question one`, completions },
        { prompt: `${tag} ordinary question two`, completions },
      ],
    });
    expect(imported.status(), await imported.text()).toBe(201);

    await signIn(page, labeler);
    await page.goto("/label");
    await expect(page.getByTestId("task")).toBeVisible();
    const guidelines = page.getByRole("complementary", { name: /Guidelines/ });
    await expect(guidelines).toContainText("Rules, first version.");
    await expect(guidelines).toContainText(project.name);

    await api.patch(`/api/v1/projects/${project.id}`, { data: { guidelines: "Rules, second version." } });
    await expect(page.getByTestId("guidelines-updated")).toContainText("version 2", { timeout: 20_000 });
    await expect(guidelines).toContainText("Rules, second version.");

    // The gold task (rate 1), answered in the reverse of the reference order: agreement 0, paused.
    const taskId = (await page.getByTestId("task").getAttribute("data-task-id")) ?? "";
    const gold = one<{ goldRanking: string }>(`SELECT "goldRanking" FROM "Comparison" WHERE "id" = ? AND "gold" = 1`, taskId);
    expect(gold, "the first task is the gold one").toBeDefined();
    const reversed = (JSON.parse(gold!.goldRanking) as string[]).reverse();
    const ranked = await page.request.post(`/api/v1/tasks/${taskId}/ranking`, {
      data: { ranking: reversed },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(ranked.status(), await ranked.text()).toBe(201);
    await page.goto("/label");
    const paused = page.getByTestId("paused");
    await expect(paused).toContainText("You are paused");
    await expect(paused).toContainText(project.name);
    await expect(paused).toContainText("gold score 0.00 over 1 gold answers");

    // An admin lifts the pause on the project page.
    const adminUser = await createUser({ role: "ADMIN" });
    const adminPage = await (await browser.newContext()).newPage();
    await signIn(adminPage, adminUser);
    await adminPage.goto(`/admin/projects/${project.id}`);
    await adminPage.getByRole("button", { name: `Lift the pause of ${labeler.email}` }).click();
    await expect(adminPage.getByRole("button", { name: `Lift the pause of ${labeler.email}` })).toHaveCount(0);
    expect(db().prepare(`SELECT COUNT(*) AS n FROM "LabelerPause" WHERE "userId" = ? AND "liftedAt" IS NULL`).get(labeler.id)).toEqual({ n: 0 });

    await page.goto("/label");
    await expect(page.getByTestId("task")).toBeVisible();
  } finally {
    await api.patch("/api/v1/projects/default", { data: { status: "ACTIVE" } });
  }
});
