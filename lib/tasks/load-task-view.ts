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
const TaskRow = columns({
  promptId: asString,
  promptText: asString,
  completionId: asString,
  completionText: asString,
  projectId: asString,
  projectName: asString,
  guidelinesVersion: asNumber,
  allowTies: asBoolean,
  allowNoneAcceptable: asBoolean,
  collectScores: asBoolean,
});

export const loadTaskView = step(function* ({ comparisonId, shownOrder, leaseExpiresAt, project }: LoadTaskViewOptions): Steps<TaskView> {
  // One join instead of a query per relation: this runs on every GET /tasks/next.
  if (project) {
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
    return view(comparisonId, rows, shownOrder, leaseExpiresAt, project);
  }
  const rows = yield* all(
    Prisma.sql`
    SELECT p."id" AS "promptId", p."text" AS "promptText", co."id" AS "completionId", co."text" AS "completionText",
      pr."id" AS "projectId", pr."name" AS "projectName", pr."guidelinesVersion" AS "guidelinesVersion",
      pr."allowTies" AS "allowTies", pr."allowNoneAcceptable" AS "allowNoneAcceptable", pr."collectScores" AS "collectScores"
    FROM "Comparison" c
    JOIN "Prompt" p ON p."id" = c."promptId"
    JOIN "Project" pr ON pr."id" = c."projectId"
    JOIN "ComparisonItem" ci ON ci."comparisonId" = c."id"
    JOIN "Completion" co ON co."id" = ci."completionId"
    WHERE c."id" = ${comparisonId}
    ORDER BY ci."position" ASC`,
    TaskRow,
  );
  const first = rows[0];
  return view(comparisonId, rows, shownOrder, leaseExpiresAt, first && {
    id: first.projectId,
    name: first.projectName,
    guidelinesVersion: first.guidelinesVersion,
    allowTies: first.allowTies,
    allowNoneAcceptable: first.allowNoneAcceptable,
    collectScores: first.collectScores,
  });
});

type Item = { promptId: string; promptText: string; completionId: string; completionText: string };

function view(comparisonId: string, rows: Item[], shownOrder: string[] | null, leaseExpiresAt: Date | null, project: TaskView["project"] | undefined): TaskView {
  const first = rows[0];
  if (!first || !project) throw new AppError("NOT_FOUND", "Task not found");
  const byId = new Map(rows.map((r) => [r.completionId, { id: r.completionId, text: r.completionText }]));
  const completions = shownOrder
    ? shownOrder.flatMap((id) => {
        const c = byId.get(id);
        return c ? [c] : [];
      })
    : [...byId.values()];
  return { id: comparisonId, prompt: { id: first.promptId, text: first.promptText }, completions, leaseExpiresAt, project };
}

/** loadTaskView on its own (a read). */
export function readTaskView(db: Db, options: LoadTaskViewOptions): Promise<TaskView> {
  return runSteps(db, () => loadTaskView(options), { write: false });
}
