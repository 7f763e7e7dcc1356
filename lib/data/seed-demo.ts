// Demo data for a fresh install: the "Demo" project with the project's own prompts (five completions each), a few
// of them gold items with a reference order, and, for the given demo labelers, a handful of rankings (gold answers
// among them) so that the quality figures are not empty at first. Imported once; a second run adds nothing.
import type { Db } from "@/lib/db";
import { pairwiseAgreement } from "@/lib/quality/agreement";
import { DEMO_PROMPTS } from "./demo-prompts";
import { importPromptItems } from "./import-prompts";
import { seedDemoDemonstrations } from "./seed-demo-demonstrations";

export const DEMO_PROJECT_NAME = "Demo";

/**
 * Reference orders (completion indices, best first) of the first demo prompts, which become gold items: each prompt
 * has one excellent, one good, one padded, one wrong and one unhelpful completion, in a different order each time.
 */
const GOLD_ORDERS: number[][] = [
  [2, 0, 3, 4, 1],
  [2, 3, 4, 1, 0],
  [2, 4, 0, 3, 1],
  [4, 0, 2, 1, 3],
  [1, 4, 2, 0, 3],
];

/** Ordinary comparisons each demo labeler ranks at set-up. */
const DEMO_RANKINGS_PER_LABELER = 4;

export interface SeedDemoDataOptions {
  db: Db;
  /** Demo labelers to give a few rankings (and gold answers) in the Demo project. */
  labelerIds?: string[];
}

/** Imports the demo prompts unless they are there already; returns the number of new comparisons. */
export async function seedDemoData({ db, labelerIds = [] }: SeedDemoDataOptions): Promise<number> {
  const existing = await db.project.findUnique({ where: { name: DEMO_PROJECT_NAME }, select: { id: true } });
  // An install from before projects has its demo prompts in the default project already: leave them there.
  if (!existing && (await db.prompt.findFirst({ where: { projectId: "default", source: "demo" }, select: { id: true } }))) return 0;
  const project =
    existing ??
    (await db.project.create({
      data: {
        name: DEMO_PROJECT_NAME,
        description: "Prompts written for Podium, to try the ranking page. A few are gold items.",
        guidelines: "## How to rank\n- Put the most helpful, correct and harmless completion first.\n- Penalise made-up facts and padding.",
        priority: 10,
        goldRate: 0.1,
        guidelineVersions: { create: { version: 1, markdown: "## How to rank\n- Put the most helpful, correct and harmless completion first.\n- Penalise made-up facts and padding." } },
      },
      select: { id: true },
    }));
  const raw = DEMO_PROMPTS.map((item, i) => ({
    line: i + 1,
    value: { ...item, source: "demo", ...(GOLD_ORDERS[i] ? { goldRanking: GOLD_ORDERS[i] } : {}) },
  }));
  const report = await importPromptItems({ db, raw, projectId: project.id });
  if (report.comparisons > 0) await seedDemoRankings(db, project.id, labelerIds);
  await seedDemoDemonstrations({ db, projectId: project.id });
  return report.comparisons;
}

/** A few rankings per labeler: ordinary comparisons in a plausible order, and two gold answers near the reference. */
async function seedDemoRankings(db: Db, projectId: string, labelerIds: string[]): Promise<void> {
  if (labelerIds.length === 0) return;
  const comparisons = await db.comparison.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { id: true, gold: true, goldRanking: true, requiredRankings: true, items: { select: { completionId: true }, orderBy: { position: "asc" } } },
  });
  const gold = comparisons.filter((c) => c.gold);
  const ordinary = comparisons.filter((c) => !c.gold);
  const version = (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { guidelinesVersion: true } })).guidelinesVersion;
  await db.$transaction(async (tx) => {
    for (const [u, userId] of labelerIds.entries()) {
      for (const c of ordinary.slice(u, u + DEMO_RANKINGS_PER_LABELER)) {
        const shown = c.items.map((i) => i.completionId);
        const order = [...shown.slice(1), shown[0] as string];
        await tx.ranking.create({
          data: { projectId, comparisonId: c.id, userId, order, shownOrder: shown, guidelinesVersion: version, topShownPosition: 1, durationMs: 20_000 },
        });
        const count = await tx.ranking.count({ where: { comparisonId: c.id } });
        await tx.comparison.update({ where: { id: c.id }, data: { rankingCount: count, slotsTaken: count, open: count < c.requiredRankings } });
      }
      for (const c of gold.slice(u, u + 2)) {
        const reference = Array.isArray(c.goldRanking) ? c.goldRanking.filter((id): id is string => typeof id === "string") : [];
        // Close to the reference: the last two swapped.
        const order = [...reference.slice(0, -2), ...reference.slice(-2).reverse()];
        const shown = c.items.map((i) => i.completionId);
        await tx.ranking.create({
          data: {
            projectId,
            comparisonId: c.id,
            userId,
            order,
            shownOrder: shown,
            guidelinesVersion: version,
            goldAgreement: pairwiseAgreement(order, reference),
            topShownPosition: shown.indexOf(order[0] as string),
            durationMs: 25_000,
          },
        });
        await tx.comparison.update({ where: { id: c.id }, data: { rankingCount: { increment: 1 }, slotsTaken: { increment: 1 } } });
      }
    }
  });
}
