import { z } from "zod";
import { json, withUser } from "@/lib/http";
import { getProjectGuidelines } from "@/lib/projects";

// ?known=<version>: the page already shows that version; the answer then carries no text unless it changed.
const ZGuidelinesQuery = z.strictObject({
  known: z.string().regex(/^\d{1,9}$/, "known must be a version number").transform(Number).optional(),
});

export const GET = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const { known } = ZGuidelinesQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json({ guidelines: await getProjectGuidelines({ db, actor: user, projectId: params.id, knownVersion: known }) });
});
