// Export (streamed JSONL in the three formats) and admin stats over real HTTP on both databases, checked line by
// line against rankings made through the API by four labelers with known orders.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestComparisons, type TestComparison } from "../support/factories";
import { describeEachDatabase, type ApiResponse } from "./harness";
import { parkOtherComparisons, signedInUser, signedInUsers, type Labeler, type TaskBody } from "./tasks-support";

interface Row {
  [key: string]: unknown;
}

function parseJsonl(res: ApiResponse): Row[] {
  expect(res.text.endsWith("\n")).toBe(true);
  return res.text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Row);
}

describeEachDatabase("export and stats", (env) => {
  let a: TestComparison;
  let b: TestComparison;
  let labelers: Labeler[];
  let admin: Labeler;
  /** Orders by index into the comparison's canonical completion ids, per labeler. */
  const ORDERS: Record<"a" | "b", number[][]> = {
    a: [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [1, 0, 2, 3, 4]],
    b: [[4, 3, 2, 1, 0], [4, 3, 2, 1, 0], [4, 3, 2, 1, 0], [4, 3, 2, 1, 0]],
  };
  const DURATIONS = [[1000, 3000], [undefined, undefined], [500, 500], [9000, 1000]];
  const texts = new Map<string, string>();

  beforeAll(async () => {
    [a, b] = (await createTestComparisons(env.db, { count: 2, requiredRankings: 4 })) as [TestComparison, TestComparison];
    await parkOtherComparisons(env.db, [a.id, b.id]);
    labelers = await signedInUsers(env.db, env.baseUrl, 4);
    admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
    for (const [i, labeler] of labelers.entries()) {
      for (let k = 0; k < 2; k++) {
        const task = (await labeler.api.get<TaskBody>("/api/v1/tasks/next")).body.task;
        if (!task) throw new Error("no task");
        const which = task.id === a.id ? "a" : "b";
        const c = which === "a" ? a : b;
        const ranking = (ORDERS[which][i] as number[]).map((p) => c.completionIds[p] as string);
        const durationMs = DURATIONS[i]?.[k];
        const res = await labeler.api.post(`/api/v1/tasks/${task.id}/ranking`, { ranking, ...(durationMs === undefined ? {} : { durationMs }) });
        expect(res.status).toBe(201);
      }
    }
    const completions = await env.db.completion.findMany({ where: { id: { in: [...a.completionIds, ...b.completionIds] } }, select: { id: true, text: true } });
    for (const c of completions) texts.set(c.id, c.text);
  });

  const ours = (rows: Row[]) => rows.filter((r) => r.comparison_id === a.id || r.comparison_id === b.id);

  describe("pairwise", () => {
    it("streams all 10 pairs of every ranking in TRL's {prompt, chosen, rejected} format, consistent with the rankings", async () => {
      const res = await admin.api.get("/api/v1/export?format=pairwise");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="podium-pairwise-\d{8}-\d{6}\.jsonl"$/);
      const all = parseJsonl(res);
      for (const row of all) {
        for (const key of ["prompt", "chosen", "rejected"]) {
          expect(typeof row[key]).toBe("string");
          expect((row[key] as string).length).toBeGreaterThan(0);
        }
      }
      const rows = ours(all);
      expect(rows).toHaveLength(8 * 10);
      const rankings = await env.db.ranking.findMany({ where: { comparisonId: { in: [a.id, b.id] } }, select: { id: true, order: true, comparison: { select: { promptId: true, prompt: { select: { text: true } } } } } });
      const byId = new Map(rankings.map((r) => [r.id, r]));
      const seen = new Set<string>();
      for (const row of rows) {
        const ranking = byId.get(row.ranking_id as string);
        expect(ranking).toBeDefined();
        const order = ranking!.order as string[];
        const ci = order.indexOf(row.chosen_id as string);
        const ri = order.indexOf(row.rejected_id as string);
        expect(ci).toBeGreaterThanOrEqual(0);
        expect(ci).toBeLessThan(ri);
        expect(row.margin).toBe(ri - ci);
        expect(row.chosen).toBe(texts.get(row.chosen_id as string));
        expect(row.rejected).toBe(texts.get(row.rejected_id as string));
        expect(row.prompt).toBe(ranking!.comparison.prompt.text);
        expect(row.prompt_id).toBe(ranking!.comparison.promptId);
        seen.add(`${row.ranking_id}:${row.chosen_id}:${row.rejected_id}`);
      }
      expect(seen.size).toBe(80);
    });

    it("gives one row per consensus pair with the votes behind it", async () => {
      const res = await admin.api.get("/api/v1/export?format=pairwise&consensus=1");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/podium-pairwise-consensus-/);
      const rows = ours(parseJsonl(res));
      expect(rows).toHaveLength(20);
      const rowA = rows.find((r) => r.comparison_id === a.id && r.chosen_id === a.completionIds[0] && r.rejected_id === a.completionIds[1]);
      expect(rowA).toMatchObject({ margin: 1, votes: 3, num_labelers: 4 });
      const rowB = rows.find((r) => r.comparison_id === b.id && r.chosen_id === b.completionIds[4] && r.rejected_id === b.completionIds[0]);
      expect(rowB).toMatchObject({ margin: 4, votes: 4, num_labelers: 4, chosen: texts.get(b.completionIds[4]!) });
      // No consensus pair contradicts the majority.
      for (const row of rows) expect(row.votes as number).toBeGreaterThanOrEqual(3);
    });
  });

  it("gives each comparison's completions in consensus order with how many labelers agreed (listwise)", async () => {
    const res = await admin.api.get("/api/v1/export?format=listwise");
    const rows = ours(parseJsonl(res));
    expect(rows).toHaveLength(2);
    const rowA = rows.find((r) => r.comparison_id === a.id)!;
    expect(rowA.completion_ids).toEqual(a.completionIds);
    expect(rowA.completions).toEqual(a.completionIds.map((id) => texts.get(id)));
    expect(rowA).toMatchObject({ num_labelers: 4, exact_agreement: 3, consensus_method: "ranked-pairs" });
    expect(rowA.agreement as number).toBeCloseTo(0.975, 10);
    expect(rowA.inter_labeler_agreement as number).toBeCloseTo(0.95, 10);
    const rowB = rows.find((r) => r.comparison_id === b.id)!;
    expect(rowB.completion_ids).toEqual([...b.completionIds].reverse());
    expect(rowB).toMatchObject({ exact_agreement: 4, agreement: 1 });
  });

  it("lists every raw ranking with the labeler's pseudonym, never their email (events)", async () => {
    const res = await admin.api.get("/api/v1/export?format=events");
    for (const l of labelers) expect(res.text).not.toContain(l.email);
    const rows = ours(parseJsonl(res));
    expect(rows).toHaveLength(8);
    const users = await env.db.user.findMany({ where: { id: { in: labelers.map((l) => l.id) } }, select: { pseudonym: true } });
    expect(new Set(rows.map((r) => r.labeler))).toEqual(new Set(users.map((u) => u.pseudonym)));
    const stored = await env.db.ranking.findMany({ where: { comparisonId: { in: [a.id, b.id] } } });
    for (const row of rows) {
      const r = stored.find((s) => s.id === row.ranking_id)!;
      expect(row).toMatchObject({ order: r.order, shown_order: r.shownOrder, duration_ms: r.durationMs, created_at: r.createdAt.toISOString() });
    }
  });

  it("refuses an unknown export format with 400", async () => {
    expect((await admin.api.get("/api/v1/export?format=csv")).status).toBe(400);
    expect((await admin.api.get("/api/v1/export")).status).toBe(400);
  });

  it("reports counts, throughput, agreement and per-labeler figures", async () => {
    const res = await admin.api.get<{ stats: {
      counts: Record<string, number>;
      throughput: { rankingsLastHour: number; rankingsLastDay: number };
      agreement: { meanPairwiseAgreement: number; meanKendallTau: number; comparisonsWithOverlap: number };
      labelers: { userId: string; rankings: number; medianDurationMs: number | null; agreementWithConsensus: number | null }[];
    } }>("/api/v1/stats");
    expect(res.status).toBe(200);
    const { counts, throughput, agreement, labelers: rows } = res.body.stats;
    expect(counts.rankings).toBe(await env.db.ranking.count());
    expect(counts.comparisons).toBe(await env.db.comparison.count());
    expect(counts.prompts).toBe(await env.db.prompt.count());
    expect(counts.completeComparisons).toBe(await env.db.comparison.count({ where: { rankingCount: { gte: env.db.comparison.fields.requiredRankings } } }));
    expect(counts.completeComparisons).toBeGreaterThanOrEqual(2);
    expect(throughput.rankingsLastHour).toBeGreaterThanOrEqual(8);
    expect(throughput.rankingsLastDay).toBeGreaterThanOrEqual(throughput.rankingsLastHour);
    expect(agreement.comparisonsWithOverlap).toBeGreaterThanOrEqual(2);
    expect(agreement.meanKendallTau).toBeCloseTo(2 * agreement.meanPairwiseAgreement - 1, 10);
    const mine = labelers.map((l) => rows.find((r) => r.userId === l.id)!);
    expect(mine.map((r) => r.rankings)).toEqual([2, 2, 2, 2]);
    expect(mine.map((r) => r.medianDurationMs)).toEqual([2000, null, 500, 5000]);
    // Leave-one-out: the three who agree match the others' consensus fully; the fourth swapped one pair of ten on one of two.
    expect(mine.map((r) => (r.agreementWithConsensus === null ? null : Math.round(r.agreementWithConsensus * 1e6) / 1e6))).toEqual([1, 1, 1, 0.95]);
  });
});
