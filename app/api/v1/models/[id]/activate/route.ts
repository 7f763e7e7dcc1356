import { activateModelVersion } from "@/lib/models";
import { json, withUser } from "@/lib/http";

export const POST = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ model: await activateModelVersion({ db, actor: user, modelVersionId: params.id }) }),
  { role: "ADMIN" },
);
