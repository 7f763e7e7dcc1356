// GET /api/v1/me/stats on both databases: the caller's rankings today and this week, the median time per ranking,
// and the gold score per project only where the project shows it (Project.showGoldScore); never another's figures.
import { expect, it } from "vitest";
import { createTestComparisons, uniq } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { signedInUser } from "./tasks-support";

interface StatsBody {
  stats: {
    rankedToday: number;
    rankedThisWeek: number;
    rankedTotal: number;
    medianDurationMs: number | null;
    goldScores: { projectId: string; projectName: string; score: number; answers: number }[];
  };
}

describeEachDatabase("the labeler's own figures", (env) => {
  it("counts today's and this week's rankings, the median time, and the gold score of projects that show it", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const other = await signedInUser(env.db, env.baseUrl);
    const empty = await labeler.api.get<StatsBody>("/api/v1/me/stats");
    expect(empty.status).toBe(200);
    expect(empty.body.stats).toEqual({ rankedToday: 0, rankedThisWeek: 0, rankedTotal: 0, medianDurationMs: null, goldScores: [] });

    const shown = await env.db.project.create({ data: { name: uniq("shown"), showGoldScore: true } });
    const hidden = await env.db.project.create({ data: { name: uniq("hidden"), showGoldScore: false } });
    const cs = await createTestComparisons(env.db, { count: 5 });
    const now = Date.now();
    const rows = [
      { c: cs[0]!, at: now, durationMs: 1000, projectId: shown.id, goldAgreement: 0.8 },
      { c: cs[1]!, at: now, durationMs: 3000, projectId: shown.id, goldAgreement: 0.6 },
      { c: cs[2]!, at: now, durationMs: 9000, projectId: hidden.id, goldAgreement: 0.1 },
      { c: cs[3]!, at: now - 400 * 24 * 3600 * 1000, durationMs: 50_000, projectId: "default", goldAgreement: null },
    ];
    for (const r of rows) {
      await env.db.ranking.create({
        data: {
          comparisonId: r.c.id,
          userId: labeler.id,
          projectId: r.projectId,
          order: r.c.completionIds,
          shownOrder: r.c.completionIds,
          durationMs: r.durationMs,
          goldAgreement: r.goldAgreement,
          createdAt: new Date(r.at),
        },
      });
    }
    // Another labeler's ranking never counts.
    await env.db.ranking.create({
      data: { comparisonId: cs[4]!.id, userId: other.id, projectId: shown.id, order: cs[4]!.completionIds, shownOrder: cs[4]!.completionIds, durationMs: 1, goldAgreement: 0 },
    });

    const res = await labeler.api.get<StatsBody>("/api/v1/me/stats");
    expect(res.status).toBe(200);
    expect(res.body.stats.rankedToday).toBe(3);
    expect(res.body.stats.rankedThisWeek).toBe(3);
    expect(res.body.stats.rankedTotal).toBe(4);
    expect(res.body.stats.medianDurationMs).toBe(3000);
    expect(res.body.stats.goldScores).toHaveLength(1);
    expect(res.body.stats.goldScores[0]).toMatchObject({ projectId: shown.id, projectName: shown.name, answers: 2 });
    expect(res.body.stats.goldScores[0]!.score).toBeCloseTo(0.7, 6);
  });
});
