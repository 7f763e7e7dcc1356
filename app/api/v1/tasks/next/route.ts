import { z } from "zod";
import { getConfig } from "@/lib/config";
import { claimNextTask } from "@/lib/tasks";
import { json, withUser } from "@/lib/http";

// ?exclude=id1,id2 — tasks the page already holds (prefetch of the next task while one is on screen).
// ?prefer=id — the task this tab showed before a reload: returned again while the labeler's lease on it is live.
const ZNextQuery = z.strictObject({
  prefer: z.string().min(1).max(100).optional(),
  exclude: z
    .string()
    .max(1000)
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(100)).max(10))
    .optional(),
});

// {task} or, with nothing to serve, {task: null, paused: [{projectId, name, reason}]} (the projects this labeler is
// paused on; empty when there is simply no work).
export const GET = withUser(async ({ req, db, user }) => {
  const { exclude, prefer } = ZNextQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { task, paused } = await claimNextTask({ db, userId: user.id, leaseSeconds: getConfig().PODIUM_LEASE_SECONDS, exclude, prefer });
  return json(task ? { task } : { task: null, paused });
});
