import { getStats } from "@/lib/stats";
import { json, withUser } from "@/lib/http";

export const GET = withUser(async ({ db, user }) => json({ stats: await getStats({ db, actor: user }) }), { role: "ADMIN" });
