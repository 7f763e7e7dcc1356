import { listEvaluations, ZListEvaluationsQuery } from "@/lib/jobs";
import { json, withUser } from "@/lib/http";

export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListEvaluationsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ evaluations: await listEvaluations({ db, actor: user, query }) });
  },
  { role: "ADMIN" },
);
