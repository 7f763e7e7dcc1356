import { importPrompts, ZImportOptions } from "@/lib/data";
import { json, readText, withUser } from "@/lib/http";

// Body: a JSON array or JSONL of {prompt, completions?, requiredRankings?, source?, metadata?}.
export const POST = withUser(
  async ({ req, db, user }) => {
    const url = new URL(req.url);
    const options = ZImportOptions.parse(Object.fromEntries(url.searchParams));
    const report = await importPrompts({ db, actor: user, body: await readText(req), ...options });
    return json(report, { status: report.imported > 0 ? 201 : 200 });
  },
  { role: "ADMIN" },
);
