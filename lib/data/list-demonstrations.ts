// Admin: demonstrations newest first, optionally of one project, a page at a time (cursor = the last id of the
// previous page), with the total count of the selection.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";

export const ZListDemonstrationsQuery = z.strictObject({
  projectId: z.string().trim().min(1).max(64).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TListDemonstrationsQuery = z.infer<typeof ZListDemonstrationsQuery>;

export interface DemonstrationView {
  id: string;
  projectId: string;
  promptId: string;
  prompt: string;
  response: string;
  source: string;
  createdAt: string;
}

export interface DemonstrationPage {
  demonstrations: DemonstrationView[];
  /** Demonstrations in the selection (all pages). */
  count: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ListDemonstrationsOptions {
  db: Db;
  actor: AuthUser;
  query?: Partial<TListDemonstrationsQuery>;
}

export async function listDemonstrations({ db, actor, query = {} }: ListDemonstrationsOptions): Promise<DemonstrationPage> {
  requireRole(actor, "ADMIN");
  const { projectId, cursor, limit } = ZListDemonstrationsQuery.parse(query);
  const where = projectId ? { projectId } : {};
  if (cursor && !(await db.demonstration.findFirst({ where: { id: cursor, ...where }, select: { id: true } }))) {
    // An unknown cursor is an empty page, not an error a client must handle differently from "no more".
    return { demonstrations: [], count: await db.demonstration.count({ where }), nextCursor: null };
  }
  const [rows, count] = await Promise.all([
    db.demonstration.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, projectId: true, promptId: true, response: true, source: true, createdAt: true, prompt: { select: { text: true } } },
    }),
    db.demonstration.count({ where }),
  ]);
  const page = rows.slice(0, limit);
  return {
    demonstrations: page.map((r) => ({
      id: r.id,
      projectId: r.projectId,
      promptId: r.promptId,
      prompt: r.prompt.text,
      response: r.response,
      source: r.source,
      createdAt: r.createdAt.toISOString(),
    })),
    count,
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
