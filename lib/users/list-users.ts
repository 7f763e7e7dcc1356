import type { Db } from "@/lib/db";
import { requireRole, type Actor } from "@/lib/auth";

export async function listUsers({ db, actor }: { db: Db; actor: Actor }) {
  requireRole(actor, "ADMIN");
  return db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });
}
