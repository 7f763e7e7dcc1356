import { scoreCompletions, ZScoreRequest } from "@/lib/models";
import { json, readJson, withUser } from "@/lib/http";

export const POST = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const request = await readJson(req, ZScoreRequest);
    return json(await scoreCompletions({ db, actor: user, modelVersionId: params.id, request }));
  },
  { role: "ADMIN" },
);
