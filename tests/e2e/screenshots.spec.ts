// Screenshots for the README (tests/e2e/screenshots/): the ranking page at desktop and phone width, and the admin
// page, with realistic content. They also check that the pages render that content.
import { expect, test } from "@playwright/test";
import { createUser, holdTask, importPrompts, screenshotPath as shot, setGuidelines, signIn, uniq } from "./support";

const GUIDELINES = `### How to rank
1. **Correct first.** A wrong answer ranks below any right one, however well written.
2. **Then helpful:** answers the question asked, at the right length.
3. **Then clear:** readable code, no padding.

Flag completions that are *harmful* or *broken*, then still rank them.`;

const LONG = `There are several ways, and which one you want depends on whether you need a new list or want to change the
existing one.

**Slicing** (\`items[::-1]\`) builds a new list. It is the most common idiom and works for any sequence, including
strings and tuples. Because it copies, it costs O(n) memory.

**\`list.reverse()\`** reverses in place and returns \`None\` — a classic trap is writing \`items = items.reverse()\`,
which leaves you with \`None\`.

**\`reversed(items)\`** returns an iterator, which is ideal in a \`for\` loop because nothing is copied:

\`\`\`python
for item in reversed(items):
    print(item)
\`\`\`

If you need a list from it, wrap it: \`list(reversed(items))\`. For very large lists, prefer \`reversed\` or the in-place
method to avoid the copy. For NumPy arrays use \`arr[::-1]\` (a view, no copy) or \`np.flip\`.`;

async function realisticComparison(): Promise<string> {
  const tag = uniq("demo");
  const [id] = await importPrompts([
    {
      prompt: `How do I reverse a list in Python? A short example, please. <!-- ${tag} -->`,
      completions: [
        "Use slicing — it returns a **new** list and leaves the original alone:\n\n```python\nitems = [1, 2, 3]\nprint(items[::-1])  # [3, 2, 1]\n```",
        "Call `items.reverse()`. It reverses the list *in place* and returns `None`, so don't assign its result.",
        "Python lists can't be reversed directly; convert the list to a string, reverse that, and split it again.",
        LONG,
        "- `reversed(items)` gives an iterator\n- `list(reversed(items))` gives a list\n- `items[::-1]` is the shortest",
      ],
    },
  ]);
  if (!id) throw new Error("import failed");
  return id;
}

test("the ranking page with Markdown completions, a collapsed long one and the guidelines (screenshot)", async ({
  page,
}, testInfo) => {
  await setGuidelines(GUIDELINES);
  const comparisonId = await realisticComparison();
  const labeler = await createUser({ role: "LABELER", name: "Ada Labeler" });
  await signIn(page, labeler);
  await holdTask(page.request, comparisonId);

  await page.goto("/label");
  await expect(page.getByTestId("task")).toHaveAttribute("data-task-id", comparisonId);
  await expect(page.getByTestId("prompt-text")).toContainText("How do I reverse a list in Python?");
  await expect(page.getByRole("button", { name: "Show all" })).toHaveCount(1);
  await expect(page.getByRole("complementary", { name: "Guidelines" })).toContainText("Correct first.");
  await expect(page.locator("pre code", { hasText: "print(items[::-1])" })).toBeVisible();
  await expect(page.getByTestId("progress")).toContainText("Remaining");
  await page.screenshot({
    path: shot(testInfo, "ranking-desktop.png"),
    fullPage: true,
  });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shot(testInfo, "ranking-phone.png") });
});

test("the admin page with users, tokens, an import report and the export buttons (screenshot)", async ({
  page,
}, testInfo) => {
  const admin = await createUser({ role: "ADMIN", name: "Grace Admin" });
  await signIn(page, admin);
  await page.goto("/admin");
  const tag = uniq("batch");
  const body = [
    JSON.stringify({
      prompt: `${tag}: Summarise the water cycle in two sentences.`,
    }),
    JSON.stringify({ prompt: `${tag}: Suggest a name for a bakery.` }),
    "{not json",
    JSON.stringify({ prompt: "" }),
  ].join("\n");
  await page.getByLabel("Prompts (JSON array or JSONL)").fill(body);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-report")).toContainText("2 imported, 0 duplicates, 2 rejected");
  for (const format of ["pairwise", "listwise", "events"]) {
    await page.getByLabel("Format", { exact: true }).selectOption(format);
    await expect(page.getByRole("link", { name: "Download", exact: true })).toHaveAttribute("href", new RegExp(`^/api/v1/export\\?format=${format}(&|$)`));
  }
  await page.screenshot({
    path: shot(testInfo, "admin-desktop.png"),
    fullPage: true,
  });
});
