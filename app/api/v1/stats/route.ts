import { getStats, ZStatsQuery } from "@/lib/stats";
import { json, withUser } from "@/lib/http";

// ?projectId → counts, throughput, agreement and per-labeler figures (of one project, or of all).
export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZStatsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ stats: await getStats({ db, actor: user, ...query }) });
  },
  { role: "ADMIN" },
);
