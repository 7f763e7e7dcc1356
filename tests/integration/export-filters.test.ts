// The export filters on hand-made data over real HTTP, on both databases: gold and excluded comparisons are left out
// by default and kept on request; minGoldScore drops the careless labeler's rankings (a score per project); the date
// range, the project list, minAgreement and excludeFlagged keep what they name; bad filters are a 400 that records
// nothing. The training jobs' loader keeps the same rankings as the export.
import { beforeAll, expect, it } from "vitest";
import { ZExportFilters, type TExportFiltersInput } from "@/lib/data";
import { loadRankingData } from "@/lib/jobs";
import { describeEachDatabase } from "./harness";
import { createFilterWorld, rankingIds, type FilterWorld } from "./export-fixtures";
import { signedInUser, type Labeler } from "./tasks-support";

describeEachDatabase("export filters", (env) => {
  let w: FilterWorld;
  let admin: Labeler;

  beforeAll(async () => {
    w = await createFilterWorld(env.db);
    admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
  });

  /** The ranking ids of an events export with these query parameters. */
  async function exported(query: string): Promise<string[]> {
    const res = await admin.api.get(`/api/v1/export?format=events&${query}`);
    expect(res.status, res.text).toBe(200);
    return res.text
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => (JSON.parse(l) as { ranking_id: string }).ranking_id)
      .sort();
  }

  const loaded = async (filters: TExportFiltersInput) =>
    (await loadRankingData({ db: env.db, filters: ZExportFilters.parse(filters) })).map((r) => r.rankingId).sort();

  it("leaves gold and excluded comparisons out by default, and keeps each on request", async () => {
    const base = [w.jan, w.feb, w.flagged, w.dismissed];
    expect(await exported(`projectId=${w.projectP}`)).toEqual(rankingIds(base));
    expect(await exported(`projectId=${w.projectP}&includeGold=1`)).toEqual(rankingIds([...base, w.gold]));
    expect(await exported(`projectId=${w.projectP}&includeExcluded=true`)).toEqual(rankingIds([...base, w.excluded]));
    expect(await exported(`projectId=${w.projectP}&includeGold=1&includeExcluded=1`)).toEqual(rankingIds([...base, w.gold, w.excluded]));
  });

  it("keeps only the rankings of labelers whose gold score in the project reaches minGoldScore", async () => {
    // good1 scores 1.0 and good2 0.9 in P; careless 0.2. Nobody has gold answers in Q, so Q's rankings go too.
    const careful = rankingIds([w.jan, w.feb, w.flagged, w.dismissed], ["good1", "good2"]);
    expect(await exported(`projectId=${w.projectP},${w.projectQ}&minGoldScore=0.8`)).toEqual(careful);
    expect(await exported(`projectId=${w.projectP}&minGoldScore=0.95`)).toEqual(rankingIds([w.jan, w.feb, w.flagged], ["good1"]));
    expect(await exported(`projectId=${w.projectP}&minGoldScore=0.1`)).toEqual(rankingIds([w.jan, w.feb, w.flagged, w.dismissed]));
    expect(await exported(`projectId=${w.projectP}&minGoldScore=1&includeGold=1`)).toEqual(rankingIds([w.jan, w.feb, w.flagged, w.gold], ["good1"]));
    // The consensus follows: without the careless labeler, jan's consensus is the careful order.
    const res = await admin.api.get(`/api/v1/export?format=listwise&projectId=${w.projectP}&minGoldScore=0.8&minAgreement=0.5`);
    const rows = res.text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { comparison_id: string; completion_ids: string[]; num_labelers: number });
    expect(rows).toEqual([expect.objectContaining({ comparison_id: w.jan.id, completion_ids: w.jan.completionIds, num_labelers: 2 })]);
  });

  it("keeps the rankings made within from/to, a bare date covering its whole day", async () => {
    const both = `projectId=${w.projectP}&projectId=${w.projectQ}`;
    // flagged and dismissed were ranked on 2026-01-10 too.
    expect(await exported(`${both}&from=2026-01-01&to=2026-01-31`)).toEqual(rankingIds([w.jan, w.other, w.flagged, w.dismissed]));
    expect(await exported(`${both}&from=2026-01-11T00:00:00Z&to=2026-01-31T22:00:00Z`)).toEqual(
      [w.jan.rankings.careless, w.other.rankings.good1].map(String).sort(),
    );
    expect(await exported(`${both}&from=2026-02-01`)).toEqual(rankingIds([w.feb]));
  });

  it("keeps the named projects, one or several", async () => {
    expect(await exported(`projectId=${w.projectQ}`)).toEqual(rankingIds([w.other]));
    expect(await exported(`projectId=${w.projectP},${w.projectQ}`)).toEqual(rankingIds([w.jan, w.feb, w.flagged, w.dismissed, w.other]));
    const all = await exported("");
    expect(all).toEqual(expect.arrayContaining(rankingIds([w.jan, w.other])));
    expect(all).not.toContain(w.gold.rankings.good1);
    expect(all).not.toContain(w.excluded.rankings.good1);
  });

  it("keeps comparisons whose agreement reaches minAgreement, and leaves flagged ones out with excludeFlagged", async () => {
    expect(await exported(`projectId=${w.projectP}&minAgreement=0.5`)).toEqual(rankingIds([w.jan]));
    expect(await exported(`projectId=${w.projectP}&minAgreement=0.3`)).toEqual(rankingIds([w.jan, w.feb]));
    // An open flag excludes; a dismissed one does not.
    expect(await exported(`projectId=${w.projectP}&excludeFlagged=1`)).toEqual(rankingIds([w.jan, w.feb, w.dismissed]));
  });

  it("answers bad filters with 400 and the error shape, and records no download", async () => {
    const before = await env.db.auditLog.count({ where: { actorId: admin.id } });
    for (const query of [
      "minGoldScore=2",
      "minGoldScore=abc",
      "minAgreement=-0.1",
      "from=yesterday",
      "from=2026-02-01&to=2026-01-01",
      "includeGold=maybe",
      "excludeFlagged=",
      "projectId=a%20b",
      "colour=red",
    ]) {
      const res = await admin.api.get<{ error: { code: string; message: string } }>(`/api/v1/export?format=pairwise&${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe("VALIDATION_FAILED");
    }
    expect(await env.db.auditLog.count({ where: { actorId: admin.id } })).toBe(before);
  });

  it("audits a filtered download with its filters", async () => {
    await exported(`projectId=${w.projectP}&minGoldScore=0.5&from=2026-01-01`);
    const entry = await env.db.auditLog.findFirstOrThrow({ where: { actorId: admin.id, action: "export.download" }, orderBy: { at: "desc" } });
    expect(entry.details).toEqual({
      format: "events",
      consensus: null,
      method: null,
      filters: { projectId: [w.projectP], from: "2026-01-01", minGoldScore: 0.5, excludeFlagged: false, includeExcluded: false, includeGold: false },
    });
  });

  it("gives the training jobs the rankings the export keeps, gold and excluded left out by default", async () => {
    expect(await loaded({ projectId: w.projectP })).toEqual(await exported(`projectId=${w.projectP}`));
    expect(await loaded({ projectId: [w.projectP], includeGold: true, includeExcluded: true })).toEqual(
      rankingIds([w.jan, w.feb, w.flagged, w.dismissed, w.gold, w.excluded]),
    );
    expect(await loaded({ projectId: [w.projectP, w.projectQ], minGoldScore: 0.8, to: "2026-01-31" })).toEqual(
      rankingIds([w.jan, w.flagged, w.dismissed], ["good1", "good2"]),
    );
    const everything = await loadRankingData({ db: env.db });
    expect(everything.map((r) => r.rankingId)).not.toContain(w.gold.rankings.good1);
    expect(everything.map((r) => r.rankingId)).toContain(w.other.rankings.good1);
  });
});
