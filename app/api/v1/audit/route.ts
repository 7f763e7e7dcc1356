import { listAuditEntries, ZAuditQuery } from "@/lib/audit";
import { json, withUser } from "@/lib/http";

// ?actorId&system&action&targetType&targetId&from&to&cursor&limit → {entries, nextCursor}, newest first.
export const GET = withUser(
  async ({ req, db, user }) => {
    const query = ZAuditQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    return json(await listAuditEntries({ db, actor: user, ...query }));
  },
  { role: "ADMIN" },
);
