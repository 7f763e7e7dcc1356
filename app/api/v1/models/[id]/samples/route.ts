import { getModelSamples } from "@/lib/models";
import { json, withUser } from "@/lib/http";

export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => json(await getModelSamples({ db, actor: user, modelVersionId: params.id })),
  { role: "ADMIN" },
);
