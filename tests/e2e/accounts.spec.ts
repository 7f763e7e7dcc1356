// The foundation pages — login, role redirects, the admin home (users, tokens, import) — in Chromium.
import { expect, test } from "@playwright/test";
import { createUser, one, signIn, uniq } from "./support";

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
