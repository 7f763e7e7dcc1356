// A labeler flags a completion they were shown (harmful / broken / other, with a note) without leaving the task.
import { z } from "zod";
import type { Db } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/util/id";

export const ZFlagReason = z.enum(["harmful", "broken", "other"]);
export const ZFlagCompletionRequest = z.strictObject({
  reason: ZFlagReason,
  note: z.string().trim().max(2000).optional(),
});
export type TFlagCompletionRequest = z.infer<typeof ZFlagCompletionRequest>;

export interface FlagCompletionOptions {
  db: Db;
  actor: AuthUser;
  completionId: string;
  reason: z.infer<typeof ZFlagReason>;
  note?: string;
}

export interface FlagView {
  id: string;
  completionId: string;
  reason: string;
  note: string | null;
  createdAt: Date;
}

export async function flagCompletion({ db, actor, completionId, reason, note }: FlagCompletionOptions): Promise<FlagView> {
  const userId = actor.id;
  const visible =
    actor.role === "ADMIN"
      ? await db.completion.findUnique({ where: { id: completionId }, select: { id: true } })
      : await db.comparisonItem.findFirst({
          where: {
            completionId,
            comparison: {
              OR: [{ leases: { some: { userId } } }, { rankings: { some: { userId } } }, { skips: { some: { userId } } }],
            },
          },
          select: { completionId: true },
        });
  if (!visible) throw new AppError("NOT_FOUND", "Completion not found");
  return db.flag.create({
    data: { id: newId(), completionId, userId, reason, note: note || null },
    select: { id: true, completionId: true, reason: true, note: true, createdAt: true },
  });
}
