import { listModelVersions, ZListModelsQuery } from "@/lib/models";
import { json, withUser } from "@/lib/http";

export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListModelsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ models: await listModelVersions({ db, actor: user, query }) });
  },
  { role: "ADMIN" },
);
