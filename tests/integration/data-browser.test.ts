// The data browser's API on both databases over real HTTP: prompt search, the comparison list and its filters on
// hand-made data, keyset paging, one comparison's detail (a hand-checked consensus), and the admin actions with
// their effects on assignment (more rankings → served again; archived → never served), their refusals (nothing
// changed) and their audit entries.
import { describe, expect, it } from "vitest";
import { repairTaskSlots } from "@/lib/tasks";
import { createTestUser, uniq } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { auditOf, comparisonsIn, createTestProject, storeFlag, storeRanking } from "./curation-support";
import { parkOtherComparisons, signedInUser, type ErrorBody, type TaskBody } from "./tasks-support";

type Rows<K extends string, T> = { nextCursor: string | null } & Record<K, T[]>;

interface ComparisonRow {
  id: string;
  projectId: string;
  promptExcerpt: string;
  status: string;
  rankingCount: number;
  requiredRankings: number;
  agreement: number | null;
  flags: number;
  openFlags: number;
  gold: boolean;
  excluded: boolean;
  archived: boolean;
}

interface Detail {
  comparison: {
    id: string;
    status: string;
    open: boolean;
    gold: boolean;
    goldRanking: string[] | null;
    excludedAt: string | null;
    excludedReason: string | null;
    archivedAt: string | null;
    requiredRankings: number;
    rankingCount: number;
    slotsTaken: number;
    computedAgreement: number | null;
    prompt: { id: string; text: string };
    completions: { id: string; text: string; position: number }[];
    rankings: { labeler: { id: string; name: string; pseudonym: string }; order: string[]; durationMs: number | null; createdAt: string; goldAgreement: number | null }[];
    consensus: { order: string[]; bradleyTerry: { completionId: string; strength: number }[] } | null;
    flags: { id: string; completionId: string; reason: string; note: string | null; resolution: string | null; labeler: { id: string } }[];
  };
}

describeEachDatabase("the data browser", (env) => {
  const admin = () => signedInUser(env.db, env.baseUrl, "ADMIN");
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  describe("GET /api/v1/prompts", () => {
    it("finds prompts by text anywhere and in any case, filters by project and pages with a cursor", async () => {
      const { api } = await admin();
      const project = await createTestProject(env.db);
      const cs = await comparisonsIn(env.db, project, 3);
      const tag = uniq("Needle");
      await env.db.prompt.update({ where: { id: cs[0]!.promptId }, data: { text: `What is a ${tag} in 100%_ cotton?` } });
      await env.db.prompt.update({ where: { id: cs[2]!.promptId }, data: { text: `${tag.toUpperCase()} and thread` } });

      const found = await api.get<Rows<"prompts", { id: string; excerpt: string; completions: number; comparisons: number }>>(
        `/api/v1/prompts?q=${encodeURIComponent(tag.toLowerCase())}`,
      );
      expect(found.status).toBe(200);
      expect(ids(found.body.prompts)).toEqual([cs[0]!.promptId, cs[2]!.promptId].sort());
      expect(found.body.prompts[0]).toMatchObject({ completions: 5, comparisons: 1 });
      // % and _ are literal characters, not wildcards.
      const literal = await api.get<Rows<"prompts", { id: string }>>(`/api/v1/prompts?q=${encodeURIComponent("100%_ cot")}&projectId=${project}`);
      expect(ids(literal.body.prompts)).toEqual([cs[0]!.promptId]);
      const wildcard = await api.get<Rows<"prompts", { id: string }>>(`/api/v1/prompts?q=${encodeURIComponent("a%d")}&projectId=${project}`);
      expect(wildcard.body.prompts).toEqual([]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: Rows<"prompts", { id: string }> } = await api.get(
          `/api/v1/prompts?projectId=${project}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.prompts.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.prompts.map((p) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([cs[2]!.promptId, cs[1]!.promptId, cs[0]!.promptId]);
    });

    it("refuses a bad cursor, limit or unknown parameter with 400, and a labeler with 403", async () => {
      const { api } = await admin();
      for (const q of ["cursor=not-a-cursor", "limit=0", "limit=201", "limit=x", "q=", "nope=1"]) {
        const res = await api.get<ErrorBody>(`/api/v1/prompts?${q}`);
        expect(res.status, q).toBe(400);
      }
      const labeler = await signedInUser(env.db, env.baseUrl);
      expect((await labeler.api.get<ErrorBody>("/api/v1/prompts")).status).toBe(403);
    });
  });

  describe("GET /api/v1/comparisons", () => {
    /** Six comparisons of one project: plain, complete, gold, excluded, archived, flagged. */
    async function sixKinds() {
      const project = await createTestProject(env.db);
      const [plain, complete, gold, excluded, archived, flagged] = await comparisonsIn(env.db, project, 6, 2);
      const [l1, l2, l3] = await Promise.all([createTestUser(env.db), createTestUser(env.db), createTestUser(env.db)]);
      await storeRanking(env.db, complete!, l1!.id, complete!.completionIds);
      await storeRanking(env.db, complete!, l2!.id, complete!.completionIds);
      await env.db.comparison.update({ where: { id: complete!.id }, data: { agreement: 0.9 } });
      await storeRanking(env.db, flagged!, l2!.id, flagged!.completionIds);
      await env.db.comparison.update({ where: { id: flagged!.id }, data: { agreement: 0.3 } });
      await storeFlag(env.db, flagged!.completionIds[1]!, l3!.id, "broken");
      const resolved = await storeFlag(env.db, flagged!.completionIds[2]!, l3!.id, "other");
      await env.db.flag.update({ where: { id: resolved.id }, data: { resolution: "dismissed", resolvedAt: new Date() } });
      await env.db.comparison.update({ where: { id: gold!.id }, data: { gold: true, goldRanking: gold!.completionIds, open: false } });
      await env.db.comparison.update({ where: { id: excluded!.id }, data: { excludedAt: new Date(), excludedReason: "off-topic" } });
      await env.db.comparison.update({ where: { id: archived!.id }, data: { archivedAt: new Date(), open: false } });
      return { project, plain: plain!, complete: complete!, gold: gold!, excluded: excluded!, archived: archived!, flagged: flagged!, l1: l1!, l2: l2! };
    }

    it("filters by status, agreement, flags, gold, exclusion, labeler, date and text, and shows counts and markers", async () => {
      const { api } = await admin();
      const k = await sixKinds();
      const list = async (query: string) => {
        const res = await api.get<Rows<"comparisons", ComparisonRow>>(`/api/v1/comparisons?projectId=${k.project}&${query}`);
        expect(res.status, query).toBe(200);
        return res.body.comparisons;
      };
      const all = await list("");
      expect(ids(all)).toEqual(ids([k.plain, k.complete, k.gold, k.excluded, k.flagged]));
      // Newest first.
      expect(all.map((r) => r.id)).toEqual([k.flagged.id, k.excluded.id, k.gold.id, k.complete.id, k.plain.id]);
      expect(ids(await list("status=archived"))).toEqual([k.archived.id]);
      expect(ids(await list("status=complete"))).toEqual([k.complete.id]);
      expect(ids(await list("status=open"))).toEqual(ids([k.plain, k.gold, k.excluded, k.flagged]));
      expect(ids(await list("agreementMin=0.5"))).toEqual([k.complete.id]);
      expect(ids(await list("agreementMax=0.5"))).toEqual([k.flagged.id]);
      expect(ids(await list("agreementMin=0.3&agreementMax=0.9"))).toEqual(ids([k.complete, k.flagged]));
      expect(ids(await list("flagged=true"))).toEqual([k.flagged.id]);
      expect(ids(await list("flagged=false"))).toEqual(ids([k.plain, k.complete, k.gold, k.excluded]));
      expect(ids(await list("gold=true"))).toEqual([k.gold.id]);
      expect(ids(await list("gold=false&excluded=false"))).toEqual(ids([k.plain, k.complete, k.flagged]));
      expect(ids(await list("excluded=true"))).toEqual([k.excluded.id]);
      expect(ids(await list(`labelerId=${k.l1.id}`))).toEqual([k.complete.id]);
      expect(ids(await list(`labelerId=${k.l2.id}`))).toEqual(ids([k.complete, k.flagged]));

      await env.db.comparison.update({ where: { id: k.plain.id }, data: { createdAt: new Date("2020-03-04T10:00:00Z") } });
      expect(ids(await list("from=2020-03-04&to=2020-03-04"))).toEqual([k.plain.id]);
      expect(ids(await list("to=2020-03-03"))).toEqual([]);
      expect(ids(await list("from=2020-03-05"))).toEqual(ids([k.complete, k.gold, k.excluded, k.flagged]));

      const prompt = await env.db.prompt.findUniqueOrThrow({ where: { id: k.gold.promptId }, select: { text: true } });
      const flaggedPrompt = await env.db.prompt.findUniqueOrThrow({ where: { id: k.flagged.promptId }, select: { text: true } });
      expect(ids(await list(`q=${encodeURIComponent(prompt.text.toUpperCase())}`))).toEqual([k.gold.id]);

      const flaggedRow = all.find((r) => r.id === k.flagged.id);
      expect(flaggedRow).toMatchObject({ status: "open", rankingCount: 1, requiredRankings: 2, agreement: 0.3, flags: 2, openFlags: 1 });
      expect(flaggedRow?.promptExcerpt).toBe(flaggedPrompt.text);
      expect(all.find((r) => r.id === k.gold.id)).toMatchObject({ gold: true, excluded: false, archived: false });
      expect(all.find((r) => r.id === k.excluded.id)).toMatchObject({ excluded: true, gold: false });
      expect((await list("status=archived"))[0]).toMatchObject({ archived: true, status: "archived" });
    });

    it("pages through a filtered list with the cursor, each row once", async () => {
      const { api } = await admin();
      const project = await createTestProject(env.db);
      const cs = await comparisonsIn(env.db, project, 5);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: Rows<"comparisons", ComparisonRow> } = await api.get(
          `/api/v1/comparisons?projectId=${project}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.comparisons.map((c) => c.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(cs.map((c) => c.id).reverse());
    });

    it("refuses bad filters with 400 and a labeler with 403", async () => {
      const { api } = await admin();
      for (const q of [
        "status=done",
        "agreementMin=1.5",
        "agreementMin=-0.1",
        "agreementMin=0.8&agreementMax=0.2",
        "flagged=maybe",
        "gold=1",
        "from=yesterday",
        "limit=0",
        "limit=500",
        "cursor=%%%",
        "unknown=1",
      ]) {
        const res = await api.get<ErrorBody>(`/api/v1/comparisons?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.body.error.code).toBe("VALIDATION_FAILED");
      }
      const labeler = await signedInUser(env.db, env.baseUrl);
      expect((await labeler.api.get("/api/v1/comparisons")).status).toBe(403);
    });
  });

  describe("GET /api/v1/comparisons/:id", () => {
    it("shows the prompt, completions, every ranking, the ranked-pairs consensus with Bradley-Terry strengths, and the flags", async () => {
      const { api } = await admin();
      const project = await createTestProject(env.db);
      const [c] = await comparisonsIn(env.db, project, 1, 3);
      const [a, b, cc, d, e] = c!.completionIds as [string, string, string, string, string];
      const [u1, u2, u3] = await Promise.all([createTestUser(env.db), createTestUser(env.db), createTestUser(env.db)]);
      // A beats B 2–1 and every other 3–0 or 2–1; B beats C 2–1; D beats E 2–1: the consensus is A B C D E.
      await storeRanking(env.db, c!, u1!.id, [a, b, cc, d, e], 1200);
      await storeRanking(env.db, c!, u2!.id, [a, cc, b, d, e], 3400);
      await storeRanking(env.db, c!, u3!.id, [b, a, cc, e, d], 5600);
      await storeFlag(env.db, cc, u2!.id, "harmful", "rude words");

      const res = await api.get<Detail>(`/api/v1/comparisons/${c!.id}`);
      expect(res.status).toBe(200);
      const detail = res.body.comparison;
      expect(detail.status).toBe("complete");
      expect(detail.prompt.id).toBe(c!.promptId);
      expect(detail.completions.map((x) => x.id)).toEqual(c!.completionIds);
      expect(detail.completions.map((x) => x.position)).toEqual([0, 1, 2, 3, 4]);
      expect(detail.rankings.map((r) => r.labeler.id)).toEqual([u1!.id, u2!.id, u3!.id]);
      expect(detail.rankings.map((r) => r.durationMs)).toEqual([1200, 3400, 5600]);
      expect(detail.rankings[0]?.labeler.pseudonym).toBeTruthy();
      expect(detail.rankings[2]?.order).toEqual([b, a, cc, e, d]);
      expect(detail.consensus?.order).toEqual([a, b, cc, d, e]);
      const bt = detail.consensus!.bradleyTerry;
      expect(bt.map((x) => x.completionId)).toEqual([a, b, cc, d, e]);
      expect(bt.reduce((s, x) => s + x.strength, 0)).toBeCloseTo(5, 6);
      for (let i = 1; i < bt.length; i++) expect(bt[i - 1]!.strength).toBeGreaterThan(bt[i]!.strength);
      // Pairwise agreement: (r1,r2) 9/10, (r1,r3) 8/10, (r2,r3) 7/10.
      expect(detail.computedAgreement).toBeCloseTo(0.8, 10);
      expect(detail.flags).toEqual([expect.objectContaining({ completionId: cc, reason: "harmful", note: "rude words", resolution: null })]);
      expect(detail.gold).toBe(false);
      expect(detail.goldRanking).toBeNull();
    });

    it("answers 404 for an unknown comparison and 403 to a labeler", async () => {
      const { api } = await admin();
      const missing = await api.get<ErrorBody>("/api/v1/comparisons/no-such-comparison");
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("NOT_FOUND");
      const [c] = await comparisonsIn(env.db, await createTestProject(env.db), 1);
      const labeler = await signedInUser(env.db, env.baseUrl);
      expect((await labeler.api.get(`/api/v1/comparisons/${c!.id}`)).status).toBe(403);
    });
  });

  describe("PATCH /api/v1/comparisons/:id", () => {
    const row = (id: string) =>
      env.db.comparison.findUniqueOrThrow({
        where: { id },
        select: { gold: true, goldRanking: true, open: true, excludedAt: true, excludedReason: true, archivedAt: true, requiredRankings: true, slotsTaken: true, rankingCount: true },
      });

    it("marks gold from the consensus (409 without rankings), with an explicit order (422 unless a permutation), and unmarks it", async () => {
      const { api, id: adminId } = await admin();
      const [c] = await comparisonsIn(env.db, await createTestProject(env.db), 1, 3);
      const [a, b, cc, d, e] = c!.completionIds as [string, string, string, string, string];
      const before = await row(c!.id);

      const none = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "gold", fromConsensus: true });
      expect(none.status).toBe(409);
      expect(await row(c!.id)).toEqual(before);
      expect(await auditOf(env.db, c!.id)).toEqual([]);

      const wrong = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "gold", ranking: [a, b, cc, d, "other"] });
      expect(wrong.status).toBe(422);
      expect(await row(c!.id)).toEqual(before);

      const [u1, u2, u3] = await Promise.all([createTestUser(env.db), createTestUser(env.db), createTestUser(env.db)]);
      // e > d 2–1, b > a 2–1, cc between: the consensus is e d cc b a.
      await storeRanking(env.db, c!, u1!.id, [e, d, cc, b, a]);
      await storeRanking(env.db, c!, u2!.id, [e, d, cc, a, b]);
      await storeRanking(env.db, c!, u3!.id, [d, e, cc, b, a]);
      const marked = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "gold", fromConsensus: true });
      expect(marked.status).toBe(200);
      expect(marked.body.comparison.gold).toBe(true);
      expect(marked.body.comparison.goldRanking).toEqual(marked.body.comparison.consensus?.order);
      expect((await row(c!.id)).goldRanking).toEqual([e, d, cc, b, a]);
      expect((await row(c!.id)).open).toBe(false);

      const explicit = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "gold", ranking: [a, b, cc, d, e] });
      expect(explicit.status).toBe(200);
      expect(await row(c!.id)).toMatchObject({ gold: true, goldRanking: [a, b, cc, d, e], open: false });

      const ungold = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "ungold" });
      expect(ungold.status).toBe(200);
      expect(await row(c!.id)).toMatchObject({ gold: false, goldRanking: null, open: false }); // 3 of 3 rankings: full
      expect((await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "ungold" })).status).toBe(409);

      expect(await auditOf(env.db, c!.id)).toEqual(["comparison.gold", "comparison.gold", "comparison.ungold"]);
      const entry = await env.db.auditLog.findFirstOrThrow({ where: { targetId: c!.id, action: "comparison.gold" }, orderBy: { at: "asc" } });
      expect(entry).toMatchObject({ actorId: adminId, targetType: "comparison" });
      expect(entry.details).toMatchObject({ ranking: [e, d, cc, b, a], fromConsensus: true });
    });

    it("excludes with a reason (resolving the open flags), refuses a second exclusion, and includes again", async () => {
      const { api } = await admin();
      const [c] = await comparisonsIn(env.db, await createTestProject(env.db), 1);
      const flagger = await createTestUser(env.db);
      const flag = await storeFlag(env.db, c!.completionIds[0]!, flagger.id, "broken");

      const noReason = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "exclude" });
      expect(noReason.status).toBe(400);
      expect((await row(c!.id)).excludedAt).toBeNull();

      const res = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "exclude", reason: "prompt leaks an answer" });
      expect(res.status).toBe(200);
      expect(res.body.comparison.excludedReason).toBe("prompt leaks an answer");
      expect((await row(c!.id)).excludedAt).not.toBeNull();
      expect(await env.db.flag.findUniqueOrThrow({ where: { id: flag.id }, select: { resolution: true } })).toEqual({ resolution: "excluded" });

      const again = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "exclude", reason: "twice" });
      expect(again.status).toBe(409);
      expect((await row(c!.id)).excludedReason).toBe("prompt leaks an answer");

      const include = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "include" });
      expect(include.status).toBe(200);
      expect(await row(c!.id)).toMatchObject({ excludedAt: null, excludedReason: null });
      expect(await auditOf(env.db, c!.id)).toEqual(["comparison.exclude", "comparison.include"]);
    });

    it("asks for more rankings: the complete comparison is served again to a new labeler; never fewer than it has", async () => {
      const { api } = await admin();
      const [c] = await comparisonsIn(env.db, await createTestProject(env.db), 1, 1);
      const first = await createTestUser(env.db);
      await storeRanking(env.db, c!, first.id, c!.completionIds);
      expect(await row(c!.id)).toMatchObject({ open: false, rankingCount: 1, slotsTaken: 1 });
      await parkOtherComparisons(env.db, []);
      const newcomer = await signedInUser(env.db, env.baseUrl);
      expect((await newcomer.api.get<TaskBody>("/api/v1/tasks/next")).body.task).toBeNull();

      const raised = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "requireRankings", requiredRankings: 2 });
      expect(raised.status).toBe(200);
      expect(await row(c!.id)).toMatchObject({ requiredRankings: 2, open: true, slotsTaken: 1 });
      await parkOtherComparisons(env.db, [c!.id]);
      const task = (await newcomer.api.get<TaskBody>("/api/v1/tasks/next")).body.task;
      expect(task?.id).toBe(c!.id);
      expect((await newcomer.api.post(`/api/v1/tasks/${c!.id}/ranking`, { ranking: task!.completions.map((x) => x.id) })).status).toBe(201);
      expect(await row(c!.id)).toMatchObject({ rankingCount: 2, slotsTaken: 2, open: false });

      const before = await row(c!.id);
      const lower = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "requireRankings", requiredRankings: 1 });
      expect(lower.status).toBe(409);
      for (const bad of [0, 51, 1.5, "3"]) {
        const res = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "requireRankings", requiredRankings: bad });
        expect(res.status, String(bad)).toBe(400);
      }
      expect(await row(c!.id)).toEqual(before);
      expect(await auditOf(env.db, c!.id)).toEqual(["comparison.required_rankings"]);
    });

    it("archives: the live lease is released, the late ranking refused, the comparison never served, and tasks:repair leaves it closed", async () => {
      const { api } = await admin();
      const [c] = await comparisonsIn(env.db, await createTestProject(env.db), 1, 3);
      await parkOtherComparisons(env.db, [c!.id]);
      const holder = await signedInUser(env.db, env.baseUrl);
      const task = (await holder.api.get<TaskBody>("/api/v1/tasks/next")).body.task;
      expect(task?.id).toBe(c!.id);
      expect(await row(c!.id)).toMatchObject({ slotsTaken: 1, open: true });

      const res = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "archive" });
      expect(res.status).toBe(200);
      expect(res.body.comparison.status).toBe("archived");
      expect(await row(c!.id)).toMatchObject({ open: false, slotsTaken: 0, rankingCount: 0 });
      expect((await row(c!.id)).archivedAt).not.toBeNull();
      expect(await env.db.lease.count({ where: { comparisonId: c!.id } })).toBe(0);

      const late = await holder.api.post<ErrorBody>(`/api/v1/tasks/${c!.id}/ranking`, { ranking: task!.completions.map((x) => x.id) });
      expect(late.status).toBe(404);
      const other = await signedInUser(env.db, env.baseUrl);
      expect((await other.api.get<TaskBody>("/api/v1/tasks/next")).body.task).toBeNull();
      expect((await holder.api.get<TaskBody>("/api/v1/tasks/next")).body.task).toBeNull();

      const repair = await repairTaskSlots({ db: env.db });
      expect(repair.repaired.map((r) => r.comparisonId)).not.toContain(c!.id);
      expect((await row(c!.id)).open).toBe(false);
      expect((await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "archive" })).status).toBe(409);
      expect((await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "gold", ranking: c!.completionIds })).status).toBe(409);

      const unarchived = await api.request<Detail>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "unarchive" });
      expect(unarchived.status).toBe(200);
      expect(await row(c!.id)).toMatchObject({ archivedAt: null, open: true });
      await parkOtherComparisons(env.db, [c!.id]);
      expect((await other.api.get<TaskBody>("/api/v1/tasks/next")).body.task?.id).toBe(c!.id);
      expect(await auditOf(env.db, c!.id)).toEqual(["comparison.archive", "comparison.unarchive"]);
    });

    it("refuses bad input (400), an unknown comparison (404) and a labeler (403), changing nothing", async () => {
      const { api } = await admin();
      const [c] = await comparisonsIn(env.db, await createTestProject(env.db), 1);
      const before = await row(c!.id);
      for (const body of [
        {},
        { action: "delete" },
        { action: "gold" },
        { action: "gold", fromConsensus: true, ranking: c!.completionIds },
        { action: "gold", fromConsensus: false },
        { action: "exclude", reason: "" },
        { action: "exclude", reason: "x".repeat(501) },
        { action: "archive", extra: 1 },
        { action: "requireRankings" },
      ]) {
        const res = await api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      expect((await api.request<ErrorBody>("PATCH", "/api/v1/comparisons/no-such-id", { action: "archive" })).status).toBe(404);
      const labeler = await signedInUser(env.db, env.baseUrl);
      const forbidden = await labeler.api.request<ErrorBody>("PATCH", `/api/v1/comparisons/${c!.id}`, { action: "archive" });
      expect(forbidden.status).toBe(403);
      expect(await row(c!.id)).toEqual(before);
      expect(await auditOf(env.db, c!.id)).toEqual([]);
    });
  });
});
