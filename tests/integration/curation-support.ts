// Shared by the data browser and flag triage tests: a project of a test's own (so list filters see only its rows),
// comparisons moved into it, rankings and flags written straight into the database as hand-made data.
import type { Db } from "@/lib/db";
import { createTestComparisons, uniq, type TestComparison } from "../support/factories";

export async function createTestProject(db: Db): Promise<string> {
  return (await db.project.create({ data: { name: uniq("project") }, select: { id: true } })).id;
}

/** `count` comparisons (one prompt each, created one after another) in the project. */
export async function comparisonsIn(db: Db, projectId: string, count: number, requiredRankings = 3): Promise<TestComparison[]> {
  const out: TestComparison[] = [];
  for (let i = 0; i < count; i++) {
    const [c] = await createTestComparisons(db, { count: 1, requiredRankings });
    await db.prompt.update({ where: { id: c!.promptId }, data: { projectId } });
    await db.comparison.update({ where: { id: c!.id }, data: { projectId } });
    out.push(c!);
    await new Promise((r) => setTimeout(r, 3));
  }
  return out;
}

/** A stored ranking, with the counters moved as the ranking code moves them. */
export async function storeRanking(db: Db, c: TestComparison, userId: string, order: string[], durationMs = 1000): Promise<void> {
  await db.ranking.create({ data: { comparisonId: c.id, userId, order, shownOrder: c.completionIds, durationMs } });
  const row = await db.comparison.findUniqueOrThrow({ where: { id: c.id }, select: { slotsTaken: true, requiredRankings: true } });
  await db.comparison.update({
    where: { id: c.id },
    data: { rankingCount: { increment: 1 }, slotsTaken: { increment: 1 }, open: row.slotsTaken + 1 < row.requiredRankings },
  });
}

export async function storeFlag(db: Db, completionId: string, userId: string, reason = "harmful", note: string | null = null, createdAt = new Date()) {
  return db.flag.create({ data: { completionId, userId, reason, note, createdAt }, select: { id: true } });
}

export async function auditOf(db: Db, targetId: string): Promise<string[]> {
  const rows = await db.auditLog.findMany({ where: { targetId }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { action: true } });
  return rows.map((r) => r.action);
}
