// Richer judgments over real HTTP on both databases: ties (`ranks`), "none acceptable" and scores are stored where
// the comparison's project allows them; a field the project does not allow, or one that does not fit the ranking, is
// refused with 4xx naming it and changes nothing; an idempotent retry returns them; undo keeps them in its history;
// the exports leave tied pairs out of pairwise (or mark them) and carry them in listwise and events.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { importPromptItems, ZExportFilters } from "@/lib/data";
import { loadTrainingData } from "@/lib/jobs";
import { uniq } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { signedInUser, type ErrorBody, type Labeler } from "./tasks-support";

interface Judged {
  ranking: {
    id: string;
    order: string[];
    ranks: number[] | null;
    noneAcceptable: boolean;
    scores: Record<string, number> | null;
  };
}

interface Comparison {
  id: string;
  completionIds: string[];
}

type Row = Record<string, unknown>;

function parseJsonl(text: string): Row[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Row);
}

describeEachDatabase("rankings with ties, none acceptable and scores", (env) => {
  let admin: Labeler;
  let labeler: Labeler;
  let open: string;
  let closed: string;

  async function project(switches: boolean): Promise<string> {
    const res = await admin.api.post<{ project: { id: string } }>("/api/v1/projects", {
      name: uniq("judgments"),
      allLabelers: false,
      allowTies: switches,
      allowNoneAcceptable: switches,
      collectScores: switches,
    });
    expect(res.status, res.text).toBe(201);
    return res.body.project.id;
  }

  /** A comparison of `projectId` on which the labeler holds a live lease, as a claim leaves it. */
  async function leased(projectId: string, who: Labeler = labeler): Promise<Comparison> {
    const tag = uniq("p");
    const report = await importPromptItems({
      db: env.db,
      projectId,
      raw: [{ line: 1, value: { prompt: `${tag} prompt`, completions: Array.from({ length: 5 }, (_, k) => `${tag} completion ${k}`), requiredRankings: 2 } }],
    });
    const id = report.results[0]?.status === "imported" ? report.results[0].comparisonId : null;
    if (!id) throw new Error("import failed");
    const row = await env.db.comparison.findUniqueOrThrow({
      where: { id },
      select: { slotsTaken: true, items: { select: { completionId: true }, orderBy: { position: "asc" } } },
    });
    const completionIds = row.items.map((i) => i.completionId);
    await env.db.$transaction([
      env.db.lease.create({ data: { comparisonId: id, userId: who.id, shownOrder: completionIds, slotHeld: true, expiresAt: new Date(Date.now() + 600_000) } }),
      env.db.comparison.update({ where: { id }, data: { slotsTaken: row.slotsTaken + 1 } }),
    ]);
    return { id, completionIds };
  }

  /** Everything a refused submit must leave as it was. */
  async function state(db: Db, comparisonId: string) {
    const [comparison, rankings, leases] = await Promise.all([
      db.comparison.findUniqueOrThrow({ where: { id: comparisonId }, select: { slotsTaken: true, rankingCount: true, open: true } }),
      db.ranking.count({ where: { comparisonId } }),
      db.lease.findMany({ where: { comparisonId }, select: { userId: true, slotHeld: true } }),
    ]);
    return { comparison, rankings, leases };
  }

  async function expectRefused(c: Comparison, body: Record<string, unknown>, status: number, field: string) {
    const before = await state(env.db, c.id);
    const res = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${c.id}/ranking`, { ranking: c.completionIds, ...body });
    expect(res.status, res.text).toBe(status);
    expect(res.body.error.message).toContain(field);
    const details = res.body.error.details as { path: string }[];
    expect(details.some((d) => d.path === field || d.path.startsWith(`${field}.`)), JSON.stringify(details)).toBe(true);
    expect(await state(env.db, c.id)).toEqual(before);
  }

  beforeAll(async () => {
    admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
    labeler = await signedInUser(env.db, env.baseUrl);
    open = await project(true);
    closed = await project(false);
  });

  it("stores ties, none acceptable and scores where the project allows them, and a retry returns the same", async () => {
    const c = await leased(open);
    const [a, b, d, e, f] = c.completionIds as [string, string, string, string, string];
    const body = { ranking: [a, b, d, e, f], ranks: [1, 1, 3, 4, 4], noneAcceptable: true, scores: { [b]: 2, [a]: 3 }, idempotencyKey: uniq("key") };
    const res = await labeler.api.post<Judged>(`/api/v1/tasks/${c.id}/ranking`, body);
    expect(res.status, res.text).toBe(201);
    expect(res.body.ranking).toMatchObject({ order: [a, b, d, e, f], ranks: [1, 1, 3, 4, 4], noneAcceptable: true, scores: { [a]: 3, [b]: 2 } });
    const stored = await env.db.ranking.findUniqueOrThrow({ where: { id: res.body.ranking.id }, select: { ranks: true, noneAcceptable: true, scores: true } });
    expect(stored).toEqual({ ranks: [1, 1, 3, 4, 4], noneAcceptable: true, scores: { [a]: 3, [b]: 2 } });

    const retry = await labeler.api.post<Judged>(`/api/v1/tasks/${c.id}/ranking`, body);
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.ranking).toEqual(res.body.ranking);
    expect(await env.db.ranking.count({ where: { comparisonId: c.id } })).toBe(1);
  });

  it("stores a plain order as before (no ties, acceptable, no scores), also where the switches are on", async () => {
    for (const projectId of [open, closed]) {
      const c = await leased(projectId);
      const res = await labeler.api.post<Judged>(`/api/v1/tasks/${c.id}/ranking`, { ranking: [...c.completionIds].reverse() });
      expect(res.status, res.text).toBe(201);
      expect(res.body.ranking).toMatchObject({ ranks: null, noneAcceptable: false, scores: null });
      const stored = await env.db.ranking.findUniqueOrThrow({ where: { id: res.body.ranking.id }, select: { ranks: true, scores: true } });
      expect(stored).toEqual({ ranks: null, scores: null });
    }
  });

  it("refuses each field the project does not allow with a 422 naming it, and stores nothing", async () => {
    const c = await leased(closed);
    await expectRefused(c, { ranks: [1, 1, 3, 4, 5] }, 422, "ranks");
    await expectRefused(c, { noneAcceptable: true }, 422, "noneAcceptable");
    await expectRefused(c, { scores: { [c.completionIds[0] as string]: 4 } }, 422, "scores");
  });

  it("refuses malformed ties and scores with 4xx naming what is wrong, and stores nothing", async () => {
    const c = await leased(open);
    const [first] = c.completionIds as [string];
    await expectRefused(c, { ranks: [1, 1, 3, 4] }, 422, "ranks"); // not one per completion
    await expectRefused(c, { ranks: [2, 2, 3, 4, 5] }, 422, "ranks"); // not from 1
    await expectRefused(c, { ranks: [1, 1, 2, 3, 4] }, 422, "ranks"); // a rank that skips the tie
    await expectRefused(c, { ranks: [1, 2, 1, 4, 5] }, 422, "ranks"); // tied entries not adjacent
    await expectRefused(c, { ranks: [1, 1.5, 3, 4, 5] }, 400, "ranks");
    await expectRefused(c, { scores: { [first]: 8 } }, 400, "scores");
    await expectRefused(c, { scores: { [first]: 0 } }, 400, "scores");
    await expectRefused(c, { scores: { [first]: 2.5 } }, 400, "scores");
    await expectRefused(c, { scores: { [first]: 4, "not-shown": 4 } }, 422, "scores");
    await expectRefused(c, { noneAcceptable: "yes" }, 400, "noneAcceptable");
    // The labeler can still rank it afterwards.
    const res = await labeler.api.post(`/api/v1/tasks/${c.id}/ranking`, { ranking: c.completionIds, ranks: [1, 2, 2, 2, 5] });
    expect(res.status, res.text).toBe(201);
  });

  it("undo keeps the ties, none acceptable and scores in its history and gives them back", async () => {
    // A labeler of its own: undo takes back only the labeler's latest ranking.
    const undoer = await signedInUser(env.db, env.baseUrl);
    const c = await leased(open, undoer);
    const [a] = c.completionIds as [string];
    const res = await undoer.api.post<Judged>(`/api/v1/tasks/${c.id}/ranking`, { ranking: c.completionIds, ranks: [1, 2, 2, 4, 5], noneAcceptable: true, scores: { [a]: 6 } });
    expect(res.status, res.text).toBe(201);
    const undo = await undoer.api.post<{ order: string[]; ranks: number[] | null; noneAcceptable: boolean; scores: Record<string, number> | null }>(
        `/api/v1/tasks/${c.id}/ranking/undo`,
        { rankingId: res.body.ranking.id },
      );
    expect(undo.status, undo.text).toBe(200);
    expect(undo.body).toMatchObject({ order: c.completionIds, ranks: [1, 2, 2, 4, 5], noneAcceptable: true, scores: { [a]: 6 } });
    const history = await env.db.rankingUndo.findFirstOrThrow({ where: { rankingId: res.body.ranking.id }, select: { ranking: true } });
    expect(history.ranking).toMatchObject({ ranks: [1, 2, 2, 4, 5], noneAcceptable: true, scores: { [a]: 6 } });
    expect(await env.db.ranking.count({ where: { comparisonId: c.id } })).toBe(0);
  });

  describe("exports", () => {
    let c: Comparison;
    let rankingId: string;
    let exportProject: string;
    beforeAll(async () => {
      exportProject = await project(true);
      c = await leased(exportProject);
      const [a, b] = c.completionIds as [string, string];
      const res = await labeler.api.post<Judged>(`/api/v1/tasks/${c.id}/ranking`, {
        ranking: c.completionIds,
        ranks: [1, 2, 2, 4, 5],
        noneAcceptable: true,
        scores: { [a]: 5, [b]: 3 },
      });
      expect(res.status, res.text).toBe(201);
      rankingId = res.body.ranking.id;
    });

    it("the data browser shows the ties, the none-acceptable mark and the scores (API and page)", async () => {
      const [a, b] = c.completionIds as [string, string];
      const res = await admin.api.get<{ comparison: { rankings: { id: string; ranks: number[] | null; noneAcceptable: boolean; scores: Record<string, number> | null }[] } }>(
        `/api/v1/comparisons/${c.id}`,
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body.comparison.rankings).toEqual([expect.objectContaining({ id: rankingId, ranks: [1, 2, 2, 4, 5], noneAcceptable: true, scores: { [a]: 5, [b]: 3 } })]);
      const page = await admin.api.get(`/admin/data/${c.id}`);
      expect(page.status).toBe(200);
      const text = page.text.replace(/<!-- -->/g, "");
      expect(text).toContain("A &gt; B = C &gt; D &gt; E");
      expect(text).toContain("none acceptable");
      expect(text).toContain("Scores (1–7): A 5 · B 3");
    });

    it("pairwise leaves the tied pair out (9 of 10 pairs) and marks it with ties=mark", async () => {
      const res = await admin.api.get(`/api/v1/export?format=pairwise&projectId=${exportProject}`);
      expect(res.status, res.text).toBe(200);
      const rows = parseJsonl(res.text).filter((r) => r.ranking_id === rankingId);
      expect(rows).toHaveLength(9);
      const [, b, d] = c.completionIds as [string, string, string];
      const pairs = rows.map((r) => `${String(r.chosen_id)}>${String(r.rejected_id)}`);
      expect(pairs).not.toContain(`${b}>${d}`);
      expect(rows.find((r) => r.chosen_id === b && r.rejected_id === c.completionIds[3])?.margin).toBe(2);

      const marked = await admin.api.get(`/api/v1/export?format=pairwise&ties=mark&projectId=${exportProject}`);
      const markedRows = parseJsonl(marked.text).filter((r) => r.ranking_id === rankingId);
      expect(markedRows).toHaveLength(10);
      expect(markedRows.filter((r) => r.tie === true)).toEqual([expect.objectContaining({ chosen_id: b, rejected_id: d, margin: 0 })]);
    });

    it("listwise carries the rank groups, none acceptable and the scores; events the raw ranks", async () => {
      const [a, b, d, e, f] = c.completionIds as [string, string, string, string, string];
      const listwise = parseJsonl((await admin.api.get(`/api/v1/export?format=listwise&projectId=${exportProject}`)).text);
      const row = listwise.find((r) => r.comparison_id === c.id);
      expect(row).toMatchObject({
        none_acceptable: 1,
        judgments: [{ ranking_id: rankingId, rank_groups: [[a], [b, d], [e], [f]], none_acceptable: true, scores: { [a]: 5, [b]: 3 } }],
      });
      const ids = row?.completion_ids as string[];
      expect(row?.mean_scores).toEqual(ids.map((id) => (id === a ? 5 : id === b ? 3 : null)));
      const events = parseJsonl((await admin.api.get(`/api/v1/export?format=events&projectId=${exportProject}`)).text);
      expect(events.find((r) => r.ranking_id === rankingId)).toMatchObject({ ranks: [1, 2, 2, 4, 5], none_acceptable: true, scores: { [a]: 5, [b]: 3 } });
    });

    it("training data keeps the ties: live rankings carry their ranks, and a pairwise snapshot rebuilds them", async () => {
      const texts = new Map((await env.db.completion.findMany({ where: { id: { in: c.completionIds } }, select: { id: true, text: true } })).map((x) => [x.id, x.text]));
      const live = await loadTrainingData({ db: env.db, data: { filters: ZExportFilters.parse({ projectId: exportProject }) } });
      expect(live.rankings).toHaveLength(1);
      expect(live.rankings[0]).toMatchObject({ ranked: c.completionIds.map((id) => texts.get(id)), ranks: [1, 2, 2, 4, 5] });
      expect("counts" in live.source && live.source.counts.pairs).toBe(9);

      const snapshot = await admin.api.post<{ snapshot: { id: string; counts: { pairs: number } } }>("/api/v1/exports/snapshots", {
        name: uniq("ties"),
        format: "pairwise",
        filters: { projectId: exportProject },
      });
      expect(snapshot.status, snapshot.text).toBe(201);
      expect(snapshot.body.snapshot.counts.pairs).toBe(9);
      const fromSnapshot = await loadTrainingData({ db: env.db, data: { snapshotId: snapshot.body.snapshot.id } });
      expect(fromSnapshot.rankings).toHaveLength(1);
      const rebuilt = fromSnapshot.rankings[0]!;
      expect(rebuilt.ranks).toEqual([1, 2, 2, 4, 5]);
      expect(rebuilt.ranked[0]).toBe(texts.get(c.completionIds[0]!));
      expect(new Set(rebuilt.ranked.slice(1, 3))).toEqual(new Set([texts.get(c.completionIds[1]!), texts.get(c.completionIds[2]!)]));
      expect(rebuilt.ranked.slice(3)).toEqual([texts.get(c.completionIds[3]!), texts.get(c.completionIds[4]!)]);
    });

    it("refuses an unknown ties option with a 400 naming it", async () => {
      const res = await admin.api.get<ErrorBody>(`/api/v1/export?format=pairwise&ties=keep&projectId=${exportProject}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain("ties");
    });
  });
});
