// Admin: disables or enables an account, changes its role, or sets a new password — in one transaction with one
// audit entry per change. Disabling and a new password end the account's sessions at once; a disabled account's
// API tokens are refused while it stays disabled (lib/auth/authenticate.ts), and it cannot log in.
// Nobody disables or demotes themselves, and the last enabled admin stays an enabled admin.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword, isSystemActor, requireRole, ZRole, type Actor } from "@/lib/auth";
import { dbKind, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const ZUpdateUserRequest = z
  .strictObject({
    disabled: z.boolean().optional(),
    role: ZRole.optional(),
    password: z.string().min(10, "must be at least 10 characters").max(1024).optional(),
  })
  .refine((body) => body.disabled !== undefined || body.role !== undefined || body.password !== undefined, {
    message: "name at least one of disabled, role, password",
  });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export interface UpdateUserOptions extends TUpdateUserRequest {
  db: Db;
  /** An admin, or SYSTEM_ACTOR for the CLI. */
  actor: Actor;
  userId: string;
}

const USER_VIEW_SELECT = { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true } as const;

/** A PostgreSQL advisory lock key held while admins change: two demotions at once cannot leave no admin. */
const ADMIN_CHANGE_LOCK = "7091843523176304129";

export async function updateUser({ db, actor, userId, disabled, role, password }: UpdateUserOptions) {
  requireRole(actor, "ADMIN");
  const self = !isSystemActor(actor) && actor.id === userId;
  if (self && disabled === true) throw new AppError("CONFLICT", "You cannot disable your own account");
  if (self && role === "LABELER") throw new AppError("CONFLICT", "You cannot remove your own admin role");
  // scrypt is slow: hash before the transaction, so it holds no lock meanwhile.
  const passwordHash = password === undefined ? undefined : await hashPassword(password);

  return db.$transaction(async (tx) => {
    if (dbKind(db) === "postgresql") await tx.$queryRaw`SELECT pg_advisory_xact_lock(CAST(${ADMIN_CHANGE_LOCK} AS BIGINT))::text`;
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
    if (!before) throw new AppError("NOT_FOUND", `No user with id ${userId}`);
    const disabling = disabled === true && before.disabledAt === null;
    const enabling = disabled === false && before.disabledAt !== null;
    const roleChange = role !== undefined && role !== before.role;

    const after = await tx.user.update({
      where: { id: userId },
      data: {
        ...(disabling ? { disabledAt: new Date() } : enabling ? { disabledAt: null } : {}),
        ...(roleChange ? { role } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      },
      select: USER_VIEW_SELECT,
    });
    if (before.role === "ADMIN" && before.disabledAt === null && (disabling || roleChange)) {
      const admins = await tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
      if (admins === 0) throw new AppError("CONFLICT", "This is the last enabled admin: make another admin first");
    }
    if (disabling || passwordHash) await tx.session.deleteMany({ where: { userId } });

    const target = { tx, actor, targetType: "user", targetId: userId } as const;
    if (disabling) await recordAudit({ ...target, action: "user.disable" });
    if (enabling) await recordAudit({ ...target, action: "user.enable" });
    if (roleChange) await recordAudit({ ...target, action: "user.role_change", details: { from: before.role, to: after.role } });
    if (passwordHash) await recordAudit({ ...target, action: "user.password_reset" });
    return after;
  });
}
