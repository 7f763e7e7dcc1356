import { getProgress } from "@/lib/tasks";
import { json, withUser } from "@/lib/http";

export const GET = withUser(async ({ db, user }) => json(await getProgress({ db, userId: user.id })));
