// The login form follows `?next=` only to a path on Podium's own origin, whatever the query string holds.
import { expect, test } from "@playwright/test";
import { createUser } from "./support";

for (const next of ["/%09/evil.example/", "/%0A/evil.example/", "/%0D/evil.example/", "//evil.example/", "/%5Cevil.example/", "https://evil.example/"]) {
  test(`signing in from /login?next=${next} lands on the labeler's home page, not another site`, async ({ page, baseURL }) => {
    const user = await createUser({ role: "LABELER" });
    await page.route((url) => url.hostname.endsWith("evil.example"), (route) => route.abort());
    await page.goto(`/login?next=${next}`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/label`);
  });
}

test("signing in from /login?next=/label?from=mail follows the same-origin path", async ({ page, baseURL }) => {
  const user = await createUser({ role: "LABELER" });
  await page.goto(`/login?next=${encodeURIComponent("/label?from=mail")}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/label?from=mail`);
});
