import { enqueueJob, listJobs, ZEnqueueJobRequest, ZListJobsQuery } from "@/lib/jobs";
import { json, readJson, withUser } from "@/lib/http";

export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListJobsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ jobs: await listJobs({ db, actor: user, query }) });
  },
  { role: "ADMIN" },
);

export const POST = withUser(
  async ({ req, db, user }) => {
    const body = await readJson(req, ZEnqueueJobRequest);
    // 202: queued; a worker picks it up.
    return json({ job: await enqueueJob({ db, actor: user, ...body }) }, { status: 202 });
  },
  { role: "ADMIN" },
);
