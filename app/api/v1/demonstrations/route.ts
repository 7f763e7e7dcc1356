import { importDemonstrations, listDemonstrations, ZListDemonstrationsQuery } from "@/lib/data";
import { json, readText, requireContentType, withUser } from "@/lib/http";

/** A JSON array, or JSONL as the import form, curl and scripts send it. */
const IMPORT_MEDIA_TYPES = ["application/json", "+json", "application/x-ndjson", "application/jsonl", "text/plain"];

// Query: projectId?, cursor?, limit? → {demonstrations, count, nextCursor}.
export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListDemonstrationsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listDemonstrations({ db, actor: user, query }));
  },
  { role: "ADMIN" },
);

// Body: a JSON array or JSONL of {prompt, response, projectId?}.
export const POST = withUser(
  async ({ req, db, user }) => {
    const body = await readText(req);
    requireContentType(req, body, IMPORT_MEDIA_TYPES);
    const report = await importDemonstrations({ db, actor: user, body });
    return json(report, { status: report.imported > 0 ? 201 : 200 });
  },
  { role: "ADMIN" },
);
