// The task as the ranking page sees it: the prompt and its completions in the order this labeler was shown them, and
// its project (whose guidelines the page shows; the version lets an open page notice new guidelines). A gold task
// reads exactly like any other. The project's judgment switches tell the page which controls to show (ties, "none
// acceptable", scores).
import { all, asBoolean, asNumber, asString, columns, Prisma, runSteps, step, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface TaskView {
  id: string;
  prompt: { id: string; text: string };
  completions: { id: string; text: string }[];
  leaseExpiresAt: Date | null;
  project: { id: string; name: string; guidelinesVersion: number; allowTies: boolean; allowNoneAcceptable: boolean; collectScores: boolean };
}

export interface LoadTaskViewOptions {
  comparisonId: string;
  /** The comparison's project when the caller has read it already (the claim): the query then leaves Project out. */
  project?: TaskView["project"];
  /** Completion ids in display order; null = the comparison's own order (admins reading a task they hold no lease on). */
  shownOrder: string[] | null;
  leaseExpiresAt: Date | null;
}

const ItemRow = columns({ promptId: asString, promptText: asString, completionId: asString, completionText: asString });
const ProjectRow = columns({
  id: asString,
  name: asString,
  guidelinesVersion: asNumber,
  allowTies: asBoolean,
  allowNoneAcceptable: asBoolean,
  collectScores: asBoolean,
});

export const loadTaskView = step(function* ({ comparisonId, shownOrder, leaseExpiresAt, project }: LoadTaskViewOptions): Steps<TaskView> {
  // One join instead of a query per relation: this runs on every GET /tasks/next.
  const rows = yield* all(
    Prisma.sql`
    SELECT p."id" AS "promptId", p."text" AS "promptText", co."id" AS "completionId", co."text" AS "completionText"
    FROM "Comparison" c
    JOIN "Prompt" p ON p."id" = c."promptId"
    JOIN "ComparisonItem" ci ON ci."comparisonId" = c."id"
    JOIN "Completion" co ON co."id" = ci."completionId"
    WHERE c."id" = ${comparisonId}
    ORDER BY ci."position" ASC`,
    ItemRow,
  );
  const first = rows[0];
  // The claim passes the project it has read; the other callers (a reload, an undo) read it here.
  const shownProject =
    project ??
    (yield* all(
      Prisma.sql`
      SELECT pr."id", pr."name", pr."guidelinesVersion", pr."allowTies", pr."allowNoneAcceptable", pr."collectScores"
      FROM "Comparison" c JOIN "Project" pr ON pr."id" = c."projectId"
      WHERE c."id" = ${comparisonId}`,
      ProjectRow,
    ))[0];
  if (!first || !shownProject) throw new AppError("NOT_FOUND", "Task not found");
  const byId = new Map(rows.map((r) => [r.completionId, { id: r.completionId, text: r.completionText }]));
  const completions = shownOrder
    ? shownOrder.flatMap((id) => {
        const c = byId.get(id);
        return c ? [c] : [];
      })
    : [...byId.values()];
  return { id: comparisonId, prompt: { id: first.promptId, text: first.promptText }, completions, leaseExpiresAt, project: shownProject };
});

/** loadTaskView on its own (a read). */
export function readTaskView(db: Db, options: LoadTaskViewOptions): Promise<TaskView> {
  return runSteps(db, () => loadTaskView(options), { write: false });
}
