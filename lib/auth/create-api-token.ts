// API tokens for scripts: created by an admin for any account, shown once, stored as a hash.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { requireRole } from "./require-role";
import { API_TOKEN_PREFIX, hashSecret, newSecret } from "./secret";
import { isSystemActor, type Actor } from "./types";

export const ZCreateApiTokenRequest = z.strictObject({
  userId: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(100),
});
export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequest>;

export interface CreateApiTokenOptions extends TCreateApiTokenRequest {
  db: Db;
  /** An admin (the token is theirs unless userId names another account), or SYSTEM_ACTOR with a userId. */
  actor: Actor;
}

export async function createApiToken({ db, actor, userId, name }: CreateApiTokenOptions) {
  requireRole(actor, "ADMIN");
  const ownerId = userId ?? (isSystemActor(actor) ? null : actor.id);
  if (!ownerId) throw new AppError("BAD_REQUEST", "Name the account the token is for (userId)");
  const owner = await db.user.findUnique({ where: { id: ownerId }, select: { id: true } });
  if (!owner) throw new AppError("NOT_FOUND", `No user with id ${ownerId}`);
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name, userId: ownerId, tokenHash: hashSecret(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) },
      select: { id: true, name: true, prefix: true, userId: true, createdAt: true },
    });
    await recordAudit({ tx, actor, action: "token.create", targetType: "api_token", targetId: created.id, details: { name, userId: ownerId } });
    return created;
  });
  return { ...row, token };
}
