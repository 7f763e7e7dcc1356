import { getMyStats } from "@/lib/tasks";
import { json, withUser } from "@/lib/http";

// The caller's own figures: rankings today and this week, median time per ranking, gold score per project (where
// the project shows it) → {stats}.
export const GET = withUser(async ({ db, user }) => json({ stats: await getMyStats({ db, userId: user.id }) }));
