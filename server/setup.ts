// The set-up step of `npm start`: migrations, the first admin, a demo labeler and demo prompts. Idempotent.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { SYSTEM_ACTOR } from "@/lib/auth";
import { createUser } from "@/lib/users";
import { seedDemoData } from "@/lib/data/seed-demo";

export interface SetupOptions {
  db: Db;
  adminEmail?: string;
  adminPassword?: string;
  demo?: boolean;
}

export interface SetupResult {
  admin: { email: string; password: string | null; created: boolean };
  labeler: { email: string; password: string } | null;
  demoComparisons: number;
}

export const DEMO_LABELER = { email: "labeler@podium.local", password: "labeler-demo-1", name: "Demo Labeler" };

export async function setup({ db, adminEmail, adminPassword, demo = true }: SetupOptions): Promise<SetupResult> {
  const existingAdmin = await db.user.findFirst({ where: { role: "ADMIN" }, select: { email: true }, orderBy: { createdAt: "asc" } });
  let admin: SetupResult["admin"];
  if (existingAdmin) {
    admin = { email: existingAdmin.email, password: null, created: false };
  } else {
    const email = adminEmail ?? "admin@podium.local";
    const password = adminPassword ?? randomBytes(9).toString("base64url");
    await createUser({ db, actor: SYSTEM_ACTOR, email, name: "Admin", password, role: "ADMIN" });
    admin = { email, password, created: true };
  }
  let labeler: SetupResult["labeler"] = null;
  let demoComparisons = 0;
  if (demo) {
    const exists = await db.user.findUnique({ where: { email: DEMO_LABELER.email }, select: { id: true } });
    const demoLabelerId = exists?.id ?? (await createUser({ db, actor: SYSTEM_ACTOR, ...DEMO_LABELER, role: "LABELER" })).id;
    labeler = { email: DEMO_LABELER.email, password: DEMO_LABELER.password };
    demoComparisons = await seedDemoData({ db, labelerIds: [demoLabelerId] });
  }
  return { admin, labeler, demoComparisons };
}
