// Admin: every project's id and name, for the project pickers of the export and snapshot forms.
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";

export interface ListProjectChoicesOptions {
  db: Db;
  actor: AuthUser;
}

export async function listProjectChoices({ db, actor }: ListProjectChoicesOptions): Promise<{ id: string; name: string }[]> {
  requireRole(actor, "ADMIN");
  return db.project.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}
