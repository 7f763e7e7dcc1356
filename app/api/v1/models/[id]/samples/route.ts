import { getModelSamples, ZModelSamplesQuery } from "@/lib/models";
import { json, withUser } from "@/lib/http";

export const GET = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const query = ZModelSamplesQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await getModelSamples({ db, actor: user, modelVersionId: params.id, ...query }));
  },
  { role: "ADMIN" },
);
