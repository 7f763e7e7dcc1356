import { triageFlag, ZTriageFlagRequest } from "@/lib/curation";
import { json, readJson, withUser } from "@/lib/http";

// {action: "dismiss" | "exclude", reason?} → {flag, excludedComparisons, flagsResolved}; 409 once triaged.
export const PATCH = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const body = await readJson(req, ZTriageFlagRequest);
    return json(await triageFlag({ db, actor: user, flagId: params.id, ...body }));
  },
  { role: "ADMIN" },
);
