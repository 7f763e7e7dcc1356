import { listFlags, ZListFlagsQuery } from "@/lib/curation";
import { json, withUser } from "@/lib/http";

// ?status=open|resolved&projectId&cursor&limit → {flags, nextCursor}, newest first.
export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListFlagsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listFlags({ db, actor: user, ...query }));
  },
  { role: "ADMIN" },
);
