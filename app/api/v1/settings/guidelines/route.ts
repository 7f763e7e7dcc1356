import { getGuidelines, updateGuidelines, ZUpdateGuidelinesRequest } from "@/lib/settings";
import { json, readJson, withUser } from "@/lib/http";

// Labeling guidelines (Markdown): any signed-in user reads, admins write.
export const GET = withUser(async ({ db }) => json({ guidelines: await getGuidelines({ db }) }));

export const PUT = withUser(
  async ({ req, db, user }) => {
    const { markdown } = await readJson(req, ZUpdateGuidelinesRequest);
    return json({ guidelines: await updateGuidelines({ db, actor: user, markdown }) });
  },
  { role: "ADMIN" },
);
