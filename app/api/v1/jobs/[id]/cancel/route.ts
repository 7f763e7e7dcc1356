import { cancelJob } from "@/lib/jobs";
import { json, withUser } from "@/lib/http";

export const POST = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ job: await cancelJob({ db, actor: user, jobId: params.id }) }),
  { role: "ADMIN" },
);
