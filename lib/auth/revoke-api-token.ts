import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { requireRole } from "./require-role";
import type { Actor } from "./types";

export interface RevokeApiTokenOptions {
  db: Db;
  actor: Actor;
  tokenId: string;
}

/** Revokes a token; later requests with it get 401. Revoking twice is a no-op (and is not audited again). */
export async function revokeApiToken({ db, actor, tokenId }: RevokeApiTokenOptions) {
  requireRole(actor, "ADMIN");
  const token = await db.apiToken.findUnique({ where: { id: tokenId }, select: { id: true, revokedAt: true } });
  if (!token) throw new AppError("NOT_FOUND", `No API token with id ${tokenId}`);
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
    await recordAudit({ tx, actor, action: "token.revoke", targetType: "api_token", targetId: tokenId });
    return revoked;
  });
}
