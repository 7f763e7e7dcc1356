import { getComparisonDetail, updateComparison, ZUpdateComparisonRequest } from "@/lib/curation";
import { json, readJson, withUser } from "@/lib/http";

// → {comparison}: prompt, completions, rankings, consensus, flags, gold reference, markers.
export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ comparison: await getComparisonDetail({ db, actor: user, comparisonId: params.id }) }),
  { role: "ADMIN" },
);

// {action: "gold", ranking | fromConsensus} | {action: "ungold" | "include" | "archive" | "unarchive"}
// | {action: "exclude", reason} | {action: "requireRankings", requiredRankings} → {comparison} as it is now.
export const PATCH = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const request = await readJson(req, ZUpdateComparisonRequest);
    return json({ comparison: await updateComparison({ db, actor: user, comparisonId: params.id, request }) });
  },
  { role: "ADMIN" },
);
