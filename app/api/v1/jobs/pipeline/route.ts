import { enqueuePipeline, ZEnqueuePipelineRequest } from "@/lib/jobs";
import { json, readJson, withUser } from "@/lib/http";

export const POST = withUser(
  async ({ req, db, user }) => {
    const body = await readJson(req, ZEnqueuePipelineRequest);
    // 202: queued in order; each job starts once the one before it succeeded.
    return json({ jobs: await enqueuePipeline({ db, actor: user, ...body }) }, { status: 202 });
  },
  { role: "ADMIN" },
);
