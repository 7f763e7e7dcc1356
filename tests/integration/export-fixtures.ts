// Hand-made preference data for the export filter, snapshot and training-data tests: two fresh projects, three
// labelers (two careful, one careless by their gold answers), and comparisons that each exercise one filter (gold,
// excluded, flagged, dismissed flag, agreement, ranking dates). Comparisons are closed, so no labeler is served them.
import type { Db } from "@/lib/db";
import { newId } from "@/lib/util/id";
import { createTestUser, uniq, type TestUser } from "../support/factories";

export interface MadeComparison {
  id: string;
  completionIds: string[];
  /** Ranking ids by labeler key. */
  rankings: Record<string, string>;
}

export interface MadeRanking {
  labeler: string;
  /** Default: 2026-01-10T12:00:00Z. */
  at?: string;
  goldAgreement?: number;
  /** Completion positions best first; default [0, 1, 2, 3, 4]. */
  order?: number[];
}

/** One prompt, five completions, one comparison with the given rankings (all written directly). */
export async function makeComparison(
  db: Db,
  options: {
    projectId: string;
    users: Record<string, TestUser>;
    rankings: MadeRanking[];
    gold?: boolean;
    excluded?: boolean;
    agreement?: number | null;
    flag?: "open" | "dismissed";
  },
): Promise<MadeComparison> {
  const text = `${uniq("prompt")} What is a good answer?`;
  const prompt = await db.prompt.create({ data: { projectId: options.projectId, text, textHash: uniq("hash") }, select: { id: true } });
  const completionIds = Array.from({ length: 5 }, () => newId());
  await db.completion.createMany({ data: completionIds.map((id, k) => ({ id, promptId: prompt.id, text: `${text} answer ${k} is ${"good ".repeat(5 - k)}` })) });
  const id = newId();
  await db.comparison.create({
    data: {
      id,
      projectId: options.projectId,
      promptId: prompt.id,
      requiredRankings: options.rankings.length,
      rankingCount: options.rankings.length,
      slotsTaken: options.rankings.length,
      open: false,
      gold: options.gold ?? false,
      ...(options.gold ? { goldRanking: completionIds } : {}),
      ...(options.excluded ? { excludedAt: new Date(), excludedReason: "test" } : {}),
      agreement: options.agreement ?? null,
    },
  });
  await db.comparisonItem.createMany({ data: completionIds.map((completionId, position) => ({ comparisonId: id, completionId, position })) });
  const rankings: Record<string, string> = {};
  for (const r of options.rankings) {
    const user = options.users[r.labeler];
    if (!user) throw new Error(`no labeler ${r.labeler}`);
    const rankingId = newId();
    rankings[r.labeler] = rankingId;
    await db.ranking.create({
      data: {
        id: rankingId,
        projectId: options.projectId,
        comparisonId: id,
        userId: user.id,
        order: (r.order ?? [0, 1, 2, 3, 4]).map((p) => completionIds[p] as string),
        shownOrder: completionIds,
        goldAgreement: r.goldAgreement ?? null,
        createdAt: new Date(r.at ?? "2026-01-10T12:00:00Z"),
      },
    });
  }
  if (options.flag) {
    const flagger = Object.values(options.users)[0];
    if (!flagger) throw new Error("no labeler to flag with");
    await db.flag.create({
      data: {
        completionId: completionIds[2] as string,
        userId: flagger.id,
        reason: "unsafe",
        ...(options.flag === "dismissed" ? { resolution: "dismissed", resolvedAt: new Date() } : {}),
      },
    });
  }
  return { id, completionIds, rankings };
}

export interface FilterWorld {
  projectP: string;
  projectQ: string;
  users: Record<"good1" | "good2" | "careless", TestUser>;
  gold: MadeComparison;
  /** January, agreement 0.9, ranked by all three. */
  jan: MadeComparison;
  /** February, agreement 0.3, ranked by good1 and careless. */
  feb: MadeComparison;
  excluded: MadeComparison;
  flagged: MadeComparison;
  dismissed: MadeComparison;
  /** Project Q, ranked by good1 (who has no gold answers in Q). */
  other: MadeComparison;
}

export async function createFilterWorld(db: Db): Promise<FilterWorld> {
  const projectP = newId();
  const projectQ = newId();
  await db.project.createMany({ data: [{ id: projectP, name: uniq("project-p") }, { id: projectQ, name: uniq("project-q") }] });
  const [good1, good2, careless] = await Promise.all([createTestUser(db), createTestUser(db), createTestUser(db)]);
  const users = { good1: good1!, good2: good2!, careless: careless! };
  const make = (o: Omit<Parameters<typeof makeComparison>[1], "users" | "projectId"> & { projectId?: string }) =>
    makeComparison(db, { projectId: projectP, users, ...o });
  return {
    projectP,
    projectQ,
    users,
    gold: await make({
      gold: true,
      rankings: [
        { labeler: "good1", goldAgreement: 1 },
        { labeler: "good2", goldAgreement: 0.9 },
        { labeler: "careless", goldAgreement: 0.2, order: [4, 3, 2, 1, 0] },
      ],
    }),
    jan: await make({
      agreement: 0.9,
      rankings: [
        { labeler: "good1", at: "2026-01-10T12:00:00Z" },
        { labeler: "good2", at: "2026-01-31T23:00:00Z" },
        { labeler: "careless", at: "2026-01-12T08:00:00Z", order: [1, 0, 2, 3, 4] },
      ],
    }),
    feb: await make({
      agreement: 0.3,
      rankings: [
        { labeler: "good1", at: "2026-02-10T12:00:00Z" },
        { labeler: "careless", at: "2026-02-11T12:00:00Z", order: [4, 3, 2, 1, 0] },
      ],
    }),
    excluded: await make({ excluded: true, rankings: [{ labeler: "good1" }] }),
    flagged: await make({ flag: "open", rankings: [{ labeler: "good1" }] }),
    dismissed: await make({ flag: "dismissed", rankings: [{ labeler: "good2" }] }),
    other: await make({ projectId: projectQ, rankings: [{ labeler: "good1", at: "2026-01-15T12:00:00Z" }] }),
  };
}

/** Ranking ids of the comparisons, by labeler keys (all when omitted). */
export function rankingIds(comparisons: MadeComparison[], labelers?: string[]): string[] {
  return comparisons.flatMap((c) => Object.entries(c.rankings).filter(([k]) => !labelers || labelers.includes(k)).map(([, id]) => id)).sort();
}
