// The foundation pages — login, role redirects, the admin home (users, tokens, import) — in Chromium.
import { expect, test } from "@playwright/test";
import { createUser, labelerWithTasks, one, openRankingPage, signIn, uniq } from "./support";

test("an anonymous visitor of / is sent to the login page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password shows an error and the account is rate-limited after repeated failures", async ({ page }) => {
  const user = await createUser({ role: "LABELER" });
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-${i}-password`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText(
    "Too many failed sign-in attempts. Try again in 15 minutes.",
  );
  await expect(page).toHaveURL(/\/login$/);
});

test("a new admin signs in, creates a labeler, imports prompts through the form; the labeler signs in and lands on the ranking page", async ({
  page,
}) => {
  const admin = await createUser({ role: "ADMIN" });

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expect(page.getByTestId("header-user")).toHaveText(admin.name);

  // Create a labeler.
  const labelerEmail = `${uniq("new-labeler")}@test.podium`;
  const users = page.getByRole("region", { name: "Users" });
  await users.getByLabel("Name").fill("Nadia Labeler");
  await users.getByLabel("Email").fill(labelerEmail);
  await users.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await users.getByLabel("Role").selectOption("LABELER");
  await users.getByRole("button", { name: "Create account" }).click();
  await expect(users.getByRole("status")).toHaveText(`Created labeler ${labelerEmail}.`);
  await expect(users.getByRole("row").filter({ hasText: labelerEmail })).toBeVisible();
  const stored = one<{ role: string; name: string }>(
    `SELECT "role", "name" FROM "User" WHERE "email" = ?`,
    labelerEmail,
  );
  expect(stored).toEqual({ role: "LABELER", name: "Nadia Labeler" });

  // Import: two good lines (one with completions), one duplicate, one bad.
  const tag = uniq("import");
  const lines = [
    {
      prompt: `${tag}: Explain recursion to a new programmer.`,
      completions: ["A", "B", "C", "D", "E"].map((x) => `${tag} answer ${x}`),
    },
    { prompt: `${tag}: Write a limerick about a cat.` },
    { prompt: `${tag}: Explain recursion to a new programmer.` },
    { prompt: `${tag}: only three`, completions: ["x", "y", "z"] },
  ];
  const importSection = page.getByRole("region", { name: "Import prompts" });
  await importSection.getByLabel("Prompts (JSON array or JSONL)").fill(lines.map((l) => JSON.stringify(l)).join("\n"));
  await importSection.getByRole("button", { name: "Import" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("2 imported, 1 duplicate, 1 rejected; 1 comparison to rank.");
  await expect(report.getByRole("row")).toHaveCount(3); // header + the duplicate + the rejected line
  await expect(report.getByRole("row").nth(2)).toContainText("needs exactly 5 completions");
  expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "Prompt" WHERE "text" LIKE ?`, `${tag}%`)?.n).toBe(2);

  // Log out; the labeler signs in with the password the admin chose.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(labelerEmail);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/label$/);
  await expect(page.getByTestId("header-user")).toHaveText("Nadia Labeler");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);

  // A labeler who opens /admin is sent back to their own page.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/label$/);
});

test("an admin creates an API token, sees it once with a copy button, and revokes it", async ({
  page,
  playwright,
  baseURL,
}) => {
  const admin = await createUser({ role: "ADMIN" });
  await signIn(page, admin);
  await page.goto("/admin");

  const tokens = page.getByRole("region", { name: "API tokens" });
  const name = uniq("nightly export");
  await tokens.getByLabel("Name").fill(name);
  await tokens.getByRole("button", { name: "Create token" }).click();
  const shown = tokens.getByTestId("new-token");
  await expect(shown).toHaveValue(/^\S{20,}$/);
  const token = await shown.inputValue();
  await expect(tokens.getByRole("button", { name: "Copy" })).toBeVisible();

  // The token works as a bearer token (from a client without the admin's cookie)…
  const script = await playwright.request.newContext({ baseURL });
  const me = await script.get("/api/v1/me", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(me.status()).toBe(200);

  // …is not shown again after the page reloads, and stops working once revoked.
  await page.reload();
  await expect(tokens.getByTestId("new-token")).toHaveCount(0);
  page.once("dialog", (d) => void d.accept());
  await tokens.getByRole("button", { name: `Revoke token ${name}` }).click();
  await expect(tokens.getByRole("listitem").filter({ hasText: name })).toContainText("revoked");
  const row = one<{ revokedAt: unknown }>(`SELECT "revokedAt" FROM "ApiToken" WHERE "name" = ?`, name);
  expect(row?.revokedAt).toBeTruthy();
  expect(
    (
      await script.get("/api/v1/me", {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status(),
  ).toBe(401);
  await script.dispose();
});

test("an admin disables a labeler in the users panel: the labeler's open page is refused on its next request; enabling lets them sign in again", async ({
  page,
  browser,
}) => {
  const labeler = await labelerWithTasks(2);
  const labelerContext = await browser.newContext();
  const labelerPage = await labelerContext.newPage();
  await signIn(labelerPage, labeler);
  await openRankingPage(labelerPage);

  const admin = await createUser({ role: "ADMIN" });
  await signIn(page, admin);
  await page.goto("/admin");
  const users = page.getByRole("region", { name: "Users" });
  await users.getByRole("button", { name: `Disable ${labeler.email}` }).click();
  const confirm = page.getByRole("dialog", { name: `Disable ${labeler.name}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Disable account" }).click();
  await expect(confirm).toBeHidden();
  await expect(users.getByRole("status")).toHaveText(`${labeler.email} is disabled.`);
  await expect(users.getByRole("row").filter({ hasText: labeler.email })).toContainText("disabled");

  // The labeler's page, still open, sends its ranking: refused, and the page says so.
  await labelerPage.getByTestId("submit-ranking").click();
  await labelerPage.getByRole("dialog", { name: "Submit unchanged?" }).getByRole("button", { name: "Submit unchanged" }).click();
  await expect(labelerPage.getByTestId("save-status")).toHaveAttribute("data-status", "signed-out");
  await labelerPage.goto("/label");
  await expect(labelerPage).toHaveURL(/\/login\?next=%2Flabel$/);

  await users.getByRole("button", { name: `Enable ${labeler.email}` }).click();
  await expect(users.getByRole("status")).toHaveText(`${labeler.email} can sign in again.`);
  await labelerPage.getByLabel("Email").fill(labeler.email);
  await labelerPage.getByLabel("Password").fill(labeler.password);
  await labelerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(labelerPage).toHaveURL(/\/label$/);
  const entries = one<{ n: number }>(
    `SELECT COUNT(*) AS n FROM "AuditLog" WHERE "actorId" = ? AND "targetId" = ? AND "action" IN ('user.disable', 'user.enable')`,
    admin.id,
    labeler.id,
  );
  expect(entries?.n).toBe(2);
  await labelerContext.close();

  // The audit page, from the admin nav, shows the entry with its filters.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await page.getByLabel("Action").selectOption("user.disable");
  await page.getByLabel("Target id").fill(labeler.id);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=user.disable/);
  const rows = page.getByTestId("audit-entries").getByRole("row");
  await expect(rows).toHaveCount(2); // header + the one entry
  await expect(rows.nth(1)).toContainText(admin.email);
  await expect(rows.nth(1)).toContainText(`user ${labeler.id}`);
});
