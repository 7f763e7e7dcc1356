// Accounts are created by an admin (or the set-up command); there is no self sign-up.
import { z } from "zod";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword, requireRole, ZRole, type Actor } from "@/lib/auth";

export const ZCreateUserRequest = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(10, "must be at least 10 characters").max(1024),
  role: ZRole.default("LABELER"),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export interface CreateUserOptions extends TCreateUserRequest {
  db: Db;
  /** An admin, or SYSTEM_ACTOR for the set-up command and the CLI. */
  actor: Actor;
}

export async function createUser({ db, actor, email, name, password, role }: CreateUserOptions) {
  requireRole(actor, "ADMIN");
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `A user with email ${email} already exists`);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email, name, role, passwordHash, pseudonym: `L-${randomBytes(6).toString("hex")}` },
      select: { id: true, email: true, name: true, role: true, createdAt: true },
    });
    await recordAudit({ tx, actor, action: "user.create", targetType: "user", targetId: user.id, details: { email, role } });
    return user;
  });
}
