import { createExportSnapshot, listExportSnapshots, ZCreateSnapshotRequest, ZListSnapshotsQuery } from "@/lib/data";
import { json, readJson, withUser } from "@/lib/http";

export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZListSnapshotsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json({ snapshots: await listExportSnapshots({ db, actor: user, ...query }) });
  },
  { role: "ADMIN" },
);

// {name, format, options?: {consensus?, method?}, filters?} → 201 {snapshot: manifest}; the export is stored whole.
export const POST = withUser(
  async ({ req, db, user }) => {
    const body = await readJson(req, ZCreateSnapshotRequest);
    return json({ snapshot: await createExportSnapshot({ db, actor: user, ...body }) }, { status: 201 });
  },
  { role: "ADMIN" },
);
