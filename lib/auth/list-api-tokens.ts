import type { Db } from "@/lib/db";
import { requireRole } from "./require-role";
import type { Actor } from "./types";

export async function listApiTokens({ db, actor }: { db: Db; actor: Actor }) {
  requireRole(actor, "ADMIN");
  return db.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true } },
    },
  });
}
