import { getExportSnapshot } from "@/lib/data";
import { json, withUser } from "@/lib/http";

export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => json({ snapshot: await getExportSnapshot({ db, actor: user, snapshotId: params.id }) }),
  { role: "ADMIN" },
);
