// The task as the ranking page sees it: the prompt and its completions in the order this labeler was shown them.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface TaskView {
  id: string;
  prompt: { id: string; text: string };
  completions: { id: string; text: string }[];
  leaseExpiresAt: Date | null;
}

export interface LoadTaskViewOptions {
  db: Db;
  comparisonId: string;
  /** Completion ids in display order; null = the comparison's own order (admins reading a task they hold no lease on). */
  shownOrder: string[] | null;
  leaseExpiresAt: Date | null;
}

export async function loadTaskView({ db, comparisonId, shownOrder, leaseExpiresAt }: LoadTaskViewOptions): Promise<TaskView> {
  const row = await db.comparison.findUnique({
    where: { id: comparisonId },
    select: {
      prompt: { select: { id: true, text: true } },
      items: { select: { completion: { select: { id: true, text: true } } }, orderBy: { position: "asc" } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "Task not found");
  const byId = new Map(row.items.map((i) => [i.completion.id, i.completion]));
  const completions = shownOrder
    ? shownOrder.flatMap((id) => {
        const c = byId.get(id);
        return c ? [c] : [];
      })
    : row.items.map((i) => i.completion);
  return { id: comparisonId, prompt: row.prompt, completions, leaseExpiresAt };
}
