import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requireRole } from "./require-role";
import type { Actor } from "./types";

export interface RevokeApiTokenOptions {
  db: Db;
  actor: Actor;
  tokenId: string;
}

/** Revokes a token; later requests with it get 401. Revoking twice is a no-op. */
export async function revokeApiToken({ db, actor, tokenId }: RevokeApiTokenOptions) {
  requireRole(actor, "ADMIN");
  const token = await db.apiToken.findUnique({ where: { id: tokenId }, select: { id: true, revokedAt: true } });
  if (!token) throw new AppError("NOT_FOUND", `No API token with id ${tokenId}`);
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
  return db.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
}
