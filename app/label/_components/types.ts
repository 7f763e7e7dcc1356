/** A task as GET /api/v1/tasks/next returns it: the completions in the order this labeler is shown them. */
export interface Task {
  id: string;
  prompt: { id: string; text: string };
  completions: { id: string; text: string }[];
  leaseExpiresAt: string | null;
}

export interface Progress {
  rankedToday: number;
  rankedTotal: number;
  remaining: number;
}

/** A ranking waiting for the server's acknowledgement; kept in localStorage until then. */
export interface PendingRanking {
  taskId: string;
  /** Completion ids, best first. */
  ranking: string[];
  durationMs: number;
  idempotencyKey: string;
  queuedAt: number;
  attempts: number;
}

export type SaveStatus = "idle" | "saving" | "saved" | "retrying" | "signed-out";
