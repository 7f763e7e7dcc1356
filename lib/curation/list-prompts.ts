// Admin: searches prompts by text (case-insensitive for ASCII, anywhere in the text), newest first, one keyset page
// at a time, with how many completions and comparisons each has.
import { z } from "zod";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asDate, asNumber, asString, columns, Prisma, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { nextCursor, ZKeysetCursor } from "./keyset-cursor";
import { containsPattern, excerpt, ZListId, ZListLimit, ZSearchText } from "./query-fields";

export const ZListPromptsQuery = z.strictObject({
  q: ZSearchText.optional(),
  projectId: ZListId.optional(),
  cursor: ZKeysetCursor.optional(),
  limit: ZListLimit,
});
export type TListPromptsQuery = z.infer<typeof ZListPromptsQuery>;

export interface ListPromptsOptions extends TListPromptsQuery {
  db: Db;
  actor: Actor;
}

export interface PromptListRow {
  id: string;
  projectId: string;
  excerpt: string;
  source: string;
  split: string;
  createdAt: Date;
  completions: number;
  comparisons: number;
}

const PromptRow = columns({
  id: asString,
  projectId: asString,
  head: asString,
  source: asString,
  split: asString,
  createdAt: asDate,
  completions: asNumber,
  comparisons: asNumber,
});

export async function listPrompts(options: ListPromptsOptions): Promise<{ prompts: PromptListRow[]; nextCursor: string | null }> {
  requireRole(options.actor, "ADMIN");
  const rows = await runSteps(options.db, () => select(options), { write: false });
  const page = rows.slice(0, options.limit);
  return {
    prompts: page.map(({ head, ...row }) => ({ ...row, excerpt: excerpt(head) })),
    nextCursor: nextCursor(page.at(-1), rows.length > options.limit),
  };
}

const select = step(function* ({ db, q, projectId, cursor, limit }: ListPromptsOptions): Steps<ReturnType<typeof PromptRow>[]> {
  const where: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  if (q !== undefined) where.push(Prisma.sql`LOWER(p."text") LIKE ${containsPattern(q)} ESCAPE '\\'`);
  if (projectId !== undefined) where.push(Prisma.sql`p."projectId" = ${projectId}`);
  if (cursor !== undefined) {
    const at = timestamp(db, cursor.at);
    where.push(Prisma.sql`(p."createdAt" < ${at} OR (p."createdAt" = ${at} AND p."id" < ${cursor.id}))`);
  }
  // The page is chosen first (the inner query), and only its rows are counted.
  return yield* all(
    Prisma.sql`
    SELECT p."id", p."projectId", SUBSTR(p."text", 1, 400) AS "head", p."source", p."split", p."createdAt",
      (SELECT COUNT(*) FROM "Completion" co WHERE co."promptId" = p."id") AS "completions",
      (SELECT COUNT(*) FROM "Comparison" c WHERE c."promptId" = p."id") AS "comparisons"
    FROM (
      SELECT p."id" FROM "Prompt" p
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY p."createdAt" DESC, p."id" DESC
      LIMIT ${limit + 1}) page
    JOIN "Prompt" p ON p."id" = page."id"
    ORDER BY p."createdAt" DESC, p."id" DESC`,
    PromptRow,
  );
});
