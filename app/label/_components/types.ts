/** A task as GET /api/v1/tasks/next returns it: the completions in the order this labeler is shown them. */
export interface Task {
  id: string;
  prompt: { id: string; text: string };
  completions: { id: string; text: string }[];
  leaseExpiresAt: string | null;
  /** The task's project: its guidelines are shown beside the task; its switches say which judgment controls appear. */
  project?: {
    id: string;
    name: string;
    guidelinesVersion: number;
    allowTies?: boolean;
    allowNoneAcceptable?: boolean;
    collectScores?: boolean;
  };
}

/** A project the labeler is paused on (GET /api/v1/tasks/next with no task). */
export interface PausedProject {
  projectId: string;
  name: string;
  reason: string;
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
  /** Rank of each entry of `ranking`, only when something ties. */
  ranks?: number[];
  noneAcceptable?: boolean;
  /** Scores 1–7 by completion id, only when some were given. */
  scores?: Record<string, number>;
  durationMs: number;
  idempotencyKey: string;
  queuedAt: number;
  attempts: number;
}

export type SaveStatus = "idle" | "saving" | "saved" | "retrying" | "signed-out";
