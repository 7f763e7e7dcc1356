import { listLabelerRankings, ZLabelerRankingsQuery } from "@/lib/quality";
import { json, withUser } from "@/lib/http";

// ?limit → the labeler's most recent rankings in the project, each beside the consensus of the others (and gold).
export const GET = withUser<{ id: string; userId: string }>(
  async ({ req, db, user, params }) => {
    const query = ZLabelerRankingsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listLabelerRankings({ db, actor: user, projectId: params.id, userId: params.userId, ...query }));
  },
  { role: "ADMIN" },
);
