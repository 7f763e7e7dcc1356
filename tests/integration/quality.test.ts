// The quality console over real HTTP on both databases: a small hand-made project whose figures are worked out by
// hand below (counts, medians, gold scores, position bias, insufficient markers), the quality columns kept up to
// date by the ranking submit and filled by the backfill, the labeler's rankings beside the consensus, role checks
// and bad query parameters.
import { beforeAll, expect, it, vi } from "vitest";
import { backfillQuality, krippendorffAlpha } from "@/lib/quality";
import { ApiClient, describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, signedInUsers, type Labeler, type TaskBody } from "./tasks-support";
import { createTestComparisons, createTestUser, uniq, type TestComparison } from "../support/factories";

interface FigureBody {
  status: "ok" | "insufficient";
  value?: number;
  count: number;
  needed?: number;
  reason?: string;
}

interface LabelerBody {
  userId: string;
  rankings: number;
  medianMs: FigureBody;
  p90Ms: FigureBody;
  consensusAgreement: FigureBody;
  goldScore: FigureBody;
  positionBias: { status: string; count: number; value?: { keptShownOrder: number; rank1ShareBySlot: number[] } };
  untouchedSubmits: number;
  skips: number;
  flags: number;
  skipRate: FigureBody;
  flagRate: FigureBody;
  lastActive: string | null;
  paused: boolean;
  pauseReason: string | null;
}

interface QualityBody {
  quality: {
    project: { id: string; name: string };
    rankingsOverTime: { start: string; rankings: number }[];
    agreement: {
      pairwise: FigureBody;
      kendallTauB: FigureBody;
      krippendorffAlpha: FigureBody & { ci95: [number, number] | null };
      sample: { comparisons: number; method: string };
    };
    labelers: LabelerBody[];
  };
}

interface LabelerRankingsBody {
  labeler: { id: string };
  rankings: {
    comparisonId: string;
    order: string[];
    consensus: string[] | null;
    others: number;
    gold: boolean;
    goldReference: string[] | null;
    goldAgreement: number | null;
    completions: { id: string; text: string }[];
  }[];
}

const at = (iso: string) => new Date(iso);

describeEachDatabase("quality console", (env) => {
  let admin: Labeler;
  let projectId: string;
  let a: { id: string };
  let b: { id: string };
  let c: { id: string };
  let d: { id: string };
  let cs: TestComparison[];

  beforeAll(async () => {
    const db = env.db;
    admin = await signedInUser(db, env.baseUrl, "ADMIN");
    [a, b, c, d] = await Promise.all([createTestUser(db), createTestUser(db), createTestUser(db), createTestUser(db)]);
    projectId = (await db.project.create({ data: { name: uniq("quality") } })).id;
    const other = (await db.project.create({ data: { name: uniq("other") } })).id;
    // c1..c4 regular, g1 gold (reference: the completions in position order), x in another project.
    cs = await createTestComparisons(db, { count: 6 });
    const [c1, c2, c3, c4, g1, x] = cs as [TestComparison, TestComparison, TestComparison, TestComparison, TestComparison, TestComparison];
    for (const [cmp, project] of [[c1, projectId], [c2, projectId], [c3, projectId], [c4, projectId], [g1, projectId], [x, other]] as const) {
      await db.prompt.update({ where: { id: cmp.promptId }, data: { projectId: project } });
      await db.comparison.update({ where: { id: cmp.id }, data: { projectId: project, open: false } });
    }
    await db.comparison.update({ where: { id: g1.id }, data: { gold: true, goldRanking: g1.completionIds } });
    // Orders as letters a..e = the comparison's completions in position order.
    const ids = (cmp: TestComparison, letters: string) => [...letters].map((l) => cmp.completionIds["abcde".indexOf(l)] as string);
    const rank = (user: { id: string }, cmp: TestComparison, order: string, shown: string, createdAt: string, durationMs: number | null, project = projectId) =>
      db.ranking.create({
        data: { projectId: project, comparisonId: cmp.id, userId: user.id, order: ids(cmp, order), shownOrder: ids(cmp, shown), createdAt: at(createdAt), durationMs },
      });
    await rank(a, c1, "abcde", "abcde", "2026-01-10T10:05:00Z", 1000);
    await rank(a, c2, "abcde", "abcde", "2026-01-10T10:10:00Z", 2000);
    await rank(a, c3, "edcba", "abcde", "2026-01-10T12:00:00Z", 3000);
    await rank(a, c4, "cabde", "bacde", "2026-01-11T08:00:00Z", null);
    await rank(a, g1, "abcde", "abcde", "2026-01-10T10:20:00Z", 10000);
    await rank(a, x, "abcde", "abcde", "2026-01-10T10:25:00Z", 99999, other);
    await rank(b, c1, "abcde", "edcba", "2026-01-10T10:30:00Z", 500);
    await rank(b, c2, "abcde", "abcde", "2026-01-10T12:30:00Z", null);
    await rank(b, g1, "bacde", "abcde", "2026-01-11T09:00:00Z", 1500);
    await rank(c, c1, "bacde", "abcde", "2026-01-10T09:10:00Z", null);
    await rank(d, c1, "abcde", "abcde", "2026-01-10T11:30:00Z", null);
    for (const [cmp, n] of [[c1, 4], [c2, 2], [c3, 1], [c4, 1], [g1, 2], [x, 1]] as const) {
      await db.comparison.update({ where: { id: cmp.id }, data: { rankingCount: n, slotsTaken: n } });
    }
    await db.skip.createMany({
      data: [
        { comparisonId: c2.id, userId: c.id, createdAt: at("2026-01-12T00:00:00Z") },
        { comparisonId: c3.id, userId: c.id, createdAt: at("2026-01-11T00:00:00Z") },
      ],
    });
    await db.flag.create({ data: { completionId: c1.completionIds[0] as string, userId: a.id, reason: "other" } });
    await db.flag.create({ data: { completionId: x.completionIds[0] as string, userId: b.id, reason: "other" } });
    await db.labelerPause.create({ data: { projectId, userId: c.id, reason: "gold score low" } });
    await db.labelerPause.create({ data: { projectId, userId: b.id, reason: "by an admin", liftedAt: new Date() } });
    // The quality columns of rankings stored outside the submit path come from the backfill.
    await backfillQuality({ db, batchSize: 3 });
  });

  it("fills the quality columns with the backfill, and a second run changes nothing", async () => {
    const [c1, c2, c3, , g1] = cs as TestComparison[];
    const rows = await env.db.ranking.findMany({ where: { projectId, userId: a.id }, select: { comparisonId: true, consensusAgreement: true, untouched: true, topShownPosition: true, goldAgreement: true } });
    const of = (id: string) => rows.find((r) => r.comparisonId === id);
    expect(of((c1 as TestComparison).id)).toMatchObject({ consensusAgreement: 1, untouched: true, topShownPosition: 0, goldAgreement: null });
    expect(of((c3 as TestComparison).id)).toMatchObject({ consensusAgreement: null, untouched: false, topShownPosition: 4 });
    expect(of((g1 as TestComparison).id)?.goldAgreement).toBe(1);
    expect(of((g1 as TestComparison).id)?.consensusAgreement).toBeCloseTo(0.9, 12);
    const comparisons = await env.db.comparison.findMany({ where: { id: { in: [(c1 as TestComparison).id, (c2 as TestComparison).id, (c3 as TestComparison).id] } }, select: { id: true, agreement: true } });
    const agreement = new Map(comparisons.map((r) => [r.id, r.agreement]));
    // c1: A, B, D abcde and C bacde: 3 pairs agree fully, 3 at 0.9.
    expect(agreement.get((c1 as TestComparison).id)).toBeCloseTo(5.7 / 6, 12);
    expect(agreement.get((c2 as TestComparison).id)).toBe(1);
    expect(agreement.get((c3 as TestComparison).id)).toBeNull();
    expect((await backfillQuality({ db: env.db })).updated).toBe(0);
  });

  it("answers the project's figures, worked out by hand", async () => {
    const res = await admin.api.get<QualityBody>(`/api/v1/projects/${projectId}/quality?bucket=hour&from=2026-01-10T09:00:00Z&to=2026-01-10T13:00:00Z`);
    expect(res.status).toBe(200);
    const q = res.body.quality;
    expect(q.project.id).toBe(projectId);
    expect(q.rankingsOverTime.map((r) => r.rankings)).toEqual([1, 4, 1, 2]);
    expect(q.rankingsOverTime[0]?.start).toBe("2026-01-10T09:00:00.000Z");

    // Pairwise: c1 (5.7 / 6) and c2 (1); gold g1 and the single-ranking c3, c4 stay out.
    expect(q.agreement.pairwise.status).toBe("ok");
    expect(q.agreement.pairwise.value).toBeCloseTo((5.7 / 6 + 1) / 2, 12);
    expect(q.agreement.pairwise.count).toBe(2);
    // τ-b over the 7 pairs of rankings: 1, 1, 1, 0.8, 0.8, 0.8 (c1) and 1 (c2).
    expect(q.agreement.kendallTauB.value).toBeCloseTo(6.4 / 7, 12);
    expect(q.agreement.kendallTauB.count).toBe(7);
    // α (ordinal) of the ranks: 10 pairable units (the 5 completions of c1 and of c2).
    const units = [[1, 1, 2, 1], [2, 2, 1, 2], [3, 3, 3, 3], [4, 4, 4, 4], [5, 5, 5, 5], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]];
    const alpha = q.agreement.krippendorffAlpha;
    expect(alpha.status).toBe("ok");
    expect(alpha.count).toBe(10);
    expect(alpha.value).toBeCloseTo(krippendorffAlpha({ units, metric: "ordinal" }).alpha as number, 12);
    expect(alpha.ci95).not.toBeNull();
    expect(q.agreement.sample.comparisons).toBe(2);

    expect(q.labelers.map((l) => l.userId).slice(0, 2)).toEqual([a.id, b.id]);
    expect(q.labelers.map((l) => l.userId).sort()).toEqual([a.id, b.id, c.id, d.id].sort());
    const byUser = new Map(q.labelers.map((l) => [l.userId, l]));
    const [la, lb, lc, ld] = [a, b, c, d].map((u) => byUser.get(u.id) as LabelerBody) as [LabelerBody, LabelerBody, LabelerBody, LabelerBody];
    expect(la.rankings).toBe(5);
    expect(la.medianMs).toMatchObject({ status: "ok", value: 2500, count: 4 });
    expect(la.p90Ms.value).toBeCloseTo(3000 + 0.7 * 7000, 9);
    expect(la.consensusAgreement.value).toBeCloseTo(2.9 / 3, 12);
    expect(la.consensusAgreement.count).toBe(3);
    expect(la.goldScore).toMatchObject({ status: "ok", value: 1, count: 1 });
    expect(la.positionBias.status).toBe("ok");
    expect(la.positionBias.value?.keptShownOrder).toBeCloseTo(0.6, 12);
    expect(la.positionBias.value?.rank1ShareBySlot.map((s) => Math.round(s * 100) / 100)).toEqual([0.6, 0, 0.2, 0, 0.2]);
    expect(la.untouchedSubmits).toBe(3);
    expect(la.flags).toBe(1);
    expect(la.flagRate.value).toBeCloseTo(0.2, 12);
    expect(la.skipRate).toMatchObject({ status: "ok", value: 0, count: 5 });
    expect(la.lastActive).toBe("2026-01-11T08:00:00.000Z");
    expect(la.paused).toBe(false);

    expect(lb.rankings).toBe(3);
    expect(lb.medianMs.value).toBe(1000);
    expect(lb.p90Ms.value).toBeCloseTo(1400, 9);
    expect(lb.goldScore.value).toBeCloseTo(0.9, 12);
    expect(lb.positionBias).toMatchObject({ status: "insufficient", count: 3, needed: 5 });
    expect(lb.untouchedSubmits).toBe(1);
    expect(lb.flags).toBe(0);
    expect(lb.paused).toBe(false);

    expect(lc.rankings).toBe(1);
    expect(lc.medianMs).toMatchObject({ status: "insufficient", count: 0, needed: 1 });
    expect(lc.medianMs.reason).toContain("timed rankings");
    expect(lc.goldScore).toMatchObject({ status: "insufficient", count: 0 });
    expect(lc.consensusAgreement.value).toBeCloseTo(0.9, 12);
    expect(lc.skips).toBe(2);
    expect(lc.skipRate.value).toBeCloseTo(2 / 3, 12);
    expect(lc.lastActive).toBe("2026-01-12T00:00:00.000Z");
    expect(lc).toMatchObject({ paused: true, pauseReason: "gold score low" });
    expect(ld.consensusAgreement).toMatchObject({ status: "ok", value: 1, count: 1 });

    const days = await admin.api.get<QualityBody>(`/api/v1/projects/${projectId}/quality?bucket=day&from=2026-01-09&to=2026-01-12`);
    expect(days.body.quality.rankingsOverTime.map((r) => r.rankings)).toEqual([0, 8, 2]);
  });

  it("marks agreement as insufficient on a project with a single labeler per comparison", async () => {
    const lone = (await env.db.project.create({ data: { name: uniq("lone") } })).id;
    const [cmp] = await createTestComparisons(env.db, { count: 1 });
    await env.db.comparison.update({ where: { id: (cmp as TestComparison).id }, data: { projectId: lone, open: false, rankingCount: 1 } });
    await env.db.ranking.create({
      data: { projectId: lone, comparisonId: (cmp as TestComparison).id, userId: a.id, order: (cmp as TestComparison).completionIds, shownOrder: (cmp as TestComparison).completionIds },
    });
    const res = await admin.api.get<QualityBody>(`/api/v1/projects/${lone}/quality`);
    expect(res.status).toBe(200);
    const { agreement, labelers } = res.body.quality;
    expect(agreement.pairwise).toMatchObject({ status: "insufficient", count: 0, needed: 1 });
    expect(agreement.pairwise.value).toBeUndefined();
    expect(agreement.kendallTauB.status).toBe("insufficient");
    expect(agreement.krippendorffAlpha).toMatchObject({ status: "insufficient", count: 0, needed: 10, ci95: null });
    expect(labelers[0]?.consensusAgreement.status).toBe("insufficient");
  });

  it("lists a labeler's recent rankings beside the consensus of the others and the gold reference", async () => {
    const [c1, , c3, c4, g1] = cs as TestComparison[];
    const two = await admin.api.get<LabelerRankingsBody>(`/api/v1/projects/${projectId}/labelers/${a.id}/rankings?limit=2`);
    expect(two.status).toBe(200);
    expect(two.body.rankings.map((r) => r.comparisonId)).toEqual([(c4 as TestComparison).id, (c3 as TestComparison).id]);
    const all = await admin.api.get<LabelerRankingsBody>(`/api/v1/projects/${projectId}/labelers/${a.id}/rankings`);
    expect(all.body.rankings).toHaveLength(5);
    const byId = new Map(all.body.rankings.map((r) => [r.comparisonId, r]));
    expect(byId.get((c1 as TestComparison).id)).toMatchObject({ consensus: (c1 as TestComparison).completionIds, others: 3, gold: false, goldReference: null });
    expect(byId.get((c1 as TestComparison).id)?.completions.map((x) => x.id)).toEqual((c1 as TestComparison).completionIds);
    expect(byId.get((c3 as TestComparison).id)).toMatchObject({ consensus: null, others: 0 });
    expect(byId.get((g1 as TestComparison).id)).toMatchObject({ gold: true, goldReference: (g1 as TestComparison).completionIds, goldAgreement: 1, others: 1 });
  });

  it("keeps consensus agreement and comparison agreement up to date as rankings are submitted", async () => {
    const [cmp] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
    const comparison = cmp as TestComparison;
    await parkOtherComparisons(env.db, [comparison.id]);
    const [first, second] = (await signedInUsers(env.db, env.baseUrl, 2)) as [Labeler, Labeler];
    const submit = async (labeler: Labeler, order: string[]) => {
      const next = await labeler.api.get<TaskBody>("/api/v1/tasks/next");
      expect(next.body.task?.id).toBe(comparison.id);
      expect((await labeler.api.post(`/api/v1/tasks/${comparison.id}/ranking`, { ranking: order })).status).toBe(201);
    };
    const ids = comparison.completionIds;
    await submit(first, ids);
    const alone = await env.db.ranking.findFirstOrThrow({ where: { comparisonId: comparison.id, userId: first.id } });
    expect(alone.consensusAgreement).toBeNull();
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: comparison.id } })).agreement).toBeNull();
    await submit(second, [ids[1] as string, ids[0] as string, ...ids.slice(2)]);
    // Recomputed outside the ranking's transaction, in a batch shortly after it (no reader asks here).
    await vi.waitFor(
      async () => {
        const stored = await env.db.comparison.findUniqueOrThrow({ where: { id: comparison.id } });
        expect(stored.qualityStale).toBe(false);
        expect(stored.agreement).toBeCloseTo(0.9, 12);
      },
      { timeout: 10_000, interval: 50 },
    );
    const rows = await env.db.ranking.findMany({ where: { comparisonId: comparison.id }, select: { consensusAgreement: true } });
    expect(rows.map((r) => r.consensusAgreement)).toEqual([0.9, 0.9]);
  });

  it("recomputes figures still flagged stale (a process killed before its batch) when they are read", async () => {
    const [cmp] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
    const comparison = cmp as TestComparison;
    await parkOtherComparisons(env.db, [comparison.id]);
    const [first, second] = (await signedInUsers(env.db, env.baseUrl, 2)) as [Labeler, Labeler];
    const ids = comparison.completionIds;
    for (const [labeler, order] of [[first, ids], [second, [...ids].reverse()]] as const) {
      expect((await labeler.api.get<TaskBody>("/api/v1/tasks/next")).body.task?.id).toBe(comparison.id);
      expect((await labeler.api.post(`/api/v1/tasks/${comparison.id}/ranking`, { ranking: order })).status).toBe(201);
    }
    // The rankings' own refresh, 100 ms after each, has run (it clears the flag) before this test sets it again.
    await expect.poll(async () => (await env.db.comparison.findUniqueOrThrow({ where: { id: comparison.id } })).qualityStale).toBe(false);
    // As if the batch never ran: the flag is set and the stored figures are wrong, in one transaction (a refresh still
    // pending in a web process sees all of it or none of it).
    const flag = async (stale: boolean) => {
      await env.db.$transaction([
        env.db.comparison.update({ where: { id: comparison.id }, data: { qualityStale: stale, agreement: 0.5 } }),
        env.db.ranking.updateMany({ where: { comparisonId: comparison.id }, data: { consensusAgreement: 0.5 } }),
      ]);
    };
    const project = (await env.db.comparison.findUniqueOrThrow({ where: { id: comparison.id } })).projectId;
    const reads = [
      `/api/v1/comparisons/${comparison.id}`,
      `/api/v1/comparisons?projectId=${project}&agreementMax=0.2`,
      `/api/v1/projects/${project}/quality`,
      `/api/v1/projects/${project}/labelers/${first.id}/rankings`,
      `/api/v1/export?format=listwise&projectId=${project}&minAgreement=0.1`,
    ];
    for (const path of reads) {
      await flag(true);
      expect((await admin.api.get(path)).status, path).toBe(200);
      const stored = await env.db.comparison.findUniqueOrThrow({ where: { id: comparison.id } });
      expect(stored.qualityStale, path).toBe(false);
      expect(stored.agreement, path).toBe(0); // two opposite orders agree on no pair
      const rows = await env.db.ranking.findMany({ where: { comparisonId: comparison.id }, select: { consensusAgreement: true } });
      expect(rows.map((r) => r.consensusAgreement), path).toEqual([0, 0]);
    }
    // The comparison list filtered by agreement sees the recomputed figure.
    await flag(true);
    const low = await admin.api.get<{ comparisons: { id: string; agreement: number | null }[] }>(`/api/v1/comparisons?projectId=${project}&agreementMax=0.2`);
    expect(low.body.comparisons.find((c) => c.id === comparison.id)?.agreement).toBe(0);
    // Not flagged: a read leaves the stored figures as they are.
    await flag(false);
    await admin.api.get(`/api/v1/comparisons/${comparison.id}`);
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: comparison.id } })).agreement).toBe(0.5);
    await env.db.comparison.update({ where: { id: comparison.id }, data: { qualityStale: true } });
  });

  it("filters GET /api/v1/stats by project", async () => {
    const res = await admin.api.get<{ stats: { counts: { comparisons: number; rankings: number; skips: number; flags: number } } }>(`/api/v1/stats?projectId=${projectId}`);
    expect(res.status).toBe(200);
    expect(res.body.stats.counts).toMatchObject({ comparisons: 5, rankings: 10, skips: 2, flags: 1 });
    expect((await admin.api.get(`/api/v1/stats?projectId=${uniq("none")}`)).status).toBe(404);
    expect((await admin.api.get(`/api/v1/stats?project=${projectId}`)).status).toBe(400);
  });

  it("refuses a labeler (403) and bad query parameters (400), and answers 404 for an unknown project or user", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    for (const path of [`/api/v1/projects/${projectId}/quality`, `/api/v1/projects/${projectId}/labelers/${a.id}/rankings`]) {
      const res = await labeler.api.get<{ error: { code: string } }>(path);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
      expect((await new ApiClient(env.baseUrl).get(path)).status).toBe(401);
    }
    const base = `/api/v1/projects/${projectId}/quality`;
    for (const query of ["bucket=week", "from=yesterday", "from=2026-01-10&to=2026-01-09", "bucket=hour&from=2000-01-01&to=2026-01-01", "extra=1", "to=2026-13-45"]) {
      const res = await admin.api.get<{ error: { code: string; message: string } }>(`${base}?${query}`);
      expect(res.status, query).toBe(400);
      expect(["VALIDATION_FAILED", "BAD_REQUEST"]).toContain(res.body.error.code);
    }
    for (const query of ["limit=0", "limit=101", "limit=abc", "extra=1"]) {
      expect((await admin.api.get(`/api/v1/projects/${projectId}/labelers/${a.id}/rankings?${query}`)).status, query).toBe(400);
    }
    expect((await admin.api.get(`/api/v1/projects/${uniq("none")}/quality`)).status).toBe(404);
    expect((await admin.api.get(`/api/v1/projects/${projectId}/labelers/${uniq("none")}/rankings`)).status).toBe(404);
  });
});
