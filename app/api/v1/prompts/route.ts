import { listPrompts, ZListPromptsQuery } from "@/lib/curation";
import { importPrompts, ZImportOptions } from "@/lib/data";
import { json, readText, requireContentType, withUser } from "@/lib/http";

/** A JSON array, or JSONL as the import form, curl and scripts send it. */
const IMPORT_MEDIA_TYPES = ["application/json", "+json", "application/x-ndjson", "application/jsonl", "text/plain"];

// Body: a JSON array or JSONL of {prompt, completions?, requiredRankings?, source?, metadata?}.
export const POST = withUser(
  async ({ req, db, user }) => {
    const url = new URL(req.url);
    const options = ZImportOptions.parse(Object.fromEntries(url.searchParams));
    const body = await readText(req);
    requireContentType(req, body, IMPORT_MEDIA_TYPES);
    const report = await importPrompts({ db, actor: user, body, ...options });
    return json(report, { status: report.imported > 0 ? 201 : 200 });
  },
  { role: "ADMIN" },
);

// ?q&projectId&cursor&limit → {prompts, nextCursor}: prompts whose text contains q, newest first.
export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListPromptsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listPrompts({ db, actor: user, ...query }));
  },
  { role: "ADMIN" },
);
