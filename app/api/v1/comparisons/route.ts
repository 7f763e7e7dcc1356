import { listComparisons, ZListComparisonsQuery } from "@/lib/curation";
import { json, withUser } from "@/lib/http";

// ?q&projectId&status&agreementMin&agreementMax&flagged&gold&excluded&labelerId&from&to&cursor&limit
// → {comparisons, nextCursor}, newest first; archived ones only with status=archived.
export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListComparisonsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listComparisons({ db, actor: user, ...query }));
  },
  { role: "ADMIN" },
);
