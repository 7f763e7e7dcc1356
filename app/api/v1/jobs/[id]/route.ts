import { z } from "zod";
import { getJob } from "@/lib/jobs";
import { json, withUser } from "@/lib/http";

const ZGetJobQuery = z.strictObject({
  /** Only metric points after this step (the job page polls incrementally); steps are 32-bit integers in the database. */
  metricsAfterStep: z.coerce.number().int().min(-1).max(2 ** 31 - 1).optional(),
  logTail: z.coerce.number().int().min(0).max(1000).optional(),
});

export const GET = withUser<{ id: string }>(
  async ({ req, db, user, params }) => {
    const query = ZGetJobQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ job: await getJob({ db, actor: user, jobId: params.id, ...query }) });
  },
  { role: "ADMIN" },
);
