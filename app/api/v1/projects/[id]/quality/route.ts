import { getProjectQuality, ZProjectQualityQuery } from "@/lib/quality";
import { json, withUser } from "@/lib/http";

// ?bucket=hour|day&from&to → the project's quality console: rankings over time, agreement figures, per-labeler figures.
export const GET = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const query = ZProjectQualityQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ quality: await getProjectQuality({ db, actor: user, projectId: params.id, ...query }) });
  },
  { role: "ADMIN" },
);
