// Projects over real HTTP on both databases: the admin API and who may use it, isolation of labeling efforts,
// priority, paused and archived projects, gold mixing at the project's rate, gold agreement and the automatic pause
// with its lift, versioned guidelines recorded on rankings, and imports into a project with gold items, splits and
// tags.
import { describe, expect, it } from "vitest";
import { importPromptItems } from "@/lib/data";
import { repairTaskSlots } from "@/lib/tasks";
import { uniq } from "../support/factories";
import { ApiClient, describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, type ErrorBody, type Labeler } from "./tasks-support";

interface ProjectBody {
  project: { id: string; name: string; guidelinesVersion: number; requiredRankings: number; status: string; priority: number; goldRate: number; allLabelers: boolean };
}

interface NextBody {
  task: {
    id: string;
    prompt: { id: string; text: string };
    completions: { id: string; text: string }[];
    leaseExpiresAt: string | null;
    project: { id: string; name: string; guidelinesVersion: number };
  } | null;
  paused?: { projectId: string; name: string; reason: string }[];
}

interface ImportedComparison {
  id: string;
  completionIds: string[];
  gold: boolean;
}

describeEachDatabase("projects", (env) => {
  async function admin(): Promise<Labeler> {
    return signedInUser(env.db, env.baseUrl, "ADMIN");
  }

  /** A project for members only (so it never serves another test's labelers), through the API. */
  async function createProject(api: ApiClient, settings: Record<string, unknown> = {}): Promise<ProjectBody["project"]> {
    const res = await api.post<ProjectBody>("/api/v1/projects", { name: uniq("project"), allLabelers: false, priority: 500, ...settings });
    expect(res.status, res.text).toBe(201);
    return res.body.project;
  }

  async function setMembers(api: ApiClient, projectId: string, userIds: string[]): Promise<void> {
    const res = await api.request("PUT", `/api/v1/projects/${projectId}/members`, { userIds });
    expect(res.status, res.text).toBe(200);
  }

  /** `count` comparisons in the project; with `gold`, each has the reference order of its completions as given. */
  async function comparisonsIn(projectId: string, count: number, options: { gold?: boolean; requiredRankings?: number } = {}): Promise<ImportedComparison[]> {
    const tag = uniq("p");
    const raw = Array.from({ length: count }, (_, i) => ({
      line: i + 1,
      value: {
        prompt: `${tag} prompt ${i}`,
        completions: Array.from({ length: 5 }, (_, k) => `${tag} completion ${i}.${k}`),
        ...(options.gold ? { goldRanking: [0, 1, 2, 3, 4] } : {}),
        ...(options.requiredRankings ? { requiredRankings: options.requiredRankings } : {}),
      },
    }));
    const report = await importPromptItems({ db: env.db, raw, projectId });
    const ids = report.results.flatMap((r) => (r.status === "imported" && r.comparisonId ? [r.comparisonId] : []));
    expect(ids).toHaveLength(count);
    const rows = await env.db.comparison.findMany({
      where: { id: { in: ids } },
      select: { id: true, gold: true, items: { select: { completionId: true }, orderBy: { position: "asc" } } },
    });
    return rows.map((r) => ({ id: r.id, gold: r.gold, completionIds: r.items.map((i) => i.completionId) }));
  }

  async function next(api: ApiClient): Promise<NextBody> {
    const res = await api.get<NextBody>("/api/v1/tasks/next");
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  async function rank(api: ApiClient, taskId: string, order: string[]): Promise<void> {
    const res = await api.post(`/api/v1/tasks/${taskId}/ranking`, { ranking: order });
    expect(res.status, res.text).toBe(201);
  }

  describe("the admin API", () => {
    it("creates, lists, reads and changes projects, refuses bad input and duplicate names without a change, and audits", async () => {
      const { api, id: adminId } = await admin();
      const created = await createProject(api, { description: "d", requiredRankings: 4, goldRate: 0.25 });
      expect(created).toMatchObject({ requiredRankings: 4, goldRate: 0.25, status: "ACTIVE", guidelinesVersion: 1, allLabelers: false });

      const before = await env.db.project.count();
      for (const body of [{ name: "" }, { name: uniq("x"), goldRate: 2 }, { name: uniq("x"), status: "DONE" }, { name: uniq("x"), bogus: 1 }, {}]) {
        const res = await api.post<ErrorBody>("/api/v1/projects", body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe("VALIDATION_FAILED");
      }
      const duplicate = await api.post<ErrorBody>("/api/v1/projects", { name: created.name });
      expect(duplicate.status).toBe(409);
      expect(await env.db.project.count()).toBe(before);

      const list = await api.get<{ projects: { id: string; counts: { comparisons: number } }[] }>("/api/v1/projects");
      expect(list.status).toBe(200);
      expect(list.body.projects.map((p) => p.id)).toEqual(expect.arrayContaining([created.id, "default"]));

      const patched = await api.request<ProjectBody>("PATCH", `/api/v1/projects/${created.id}`, { priority: 7, status: "PAUSED", selection: "active" });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body.project).toMatchObject({ priority: 7, status: "PAUSED" });
      expect((await api.request("PATCH", `/api/v1/projects/${created.id}`, {})).status).toBe(400);
      expect((await api.request("PATCH", `/api/v1/projects/${created.id}`, { goldThreshold: -0.1 })).status).toBe(400);
      expect((await api.request("PATCH", "/api/v1/projects/no-such-project", { priority: 1 })).status).toBe(404);
      const read = await api.get<ProjectBody>(`/api/v1/projects/${created.id}`);
      expect(read.body.project).toMatchObject({ priority: 7, status: "PAUSED", requiredRankings: 4 });

      const badMembers = await api.request<ErrorBody>("PUT", `/api/v1/projects/${created.id}/members`, { userIds: ["no-such-user"] });
      expect(badMembers.status).toBe(422);
      expect(await env.db.projectMember.count({ where: { projectId: created.id } })).toBe(0);

      const actions = await env.db.auditLog.findMany({ where: { targetId: created.id, actorId: adminId }, select: { action: true, details: true } });
      expect(actions.map((a) => a.action).sort()).toEqual(["project.create", "project.update"]);
      expect(actions.find((a) => a.action === "project.update")?.details).toMatchObject({ priority: { from: 500, to: 7 }, status: { from: "ACTIVE", to: "PAUSED" } });
    });

    it("gives a labeler 403 on every admin action and shows them only the projects they belong to, with guidelines", async () => {
      const { api } = await admin();
      const mine = await createProject(api, { guidelines: "# Mine" });
      const other = await createProject(api);
      const labeler = await signedInUser(env.db, env.baseUrl);
      await setMembers(api, mine.id, [labeler.id]);

      for (const [method, path, body] of [
        ["POST", "/api/v1/projects", { name: uniq("x") }],
        ["PATCH", `/api/v1/projects/${mine.id}`, { priority: 1 }],
        ["PUT", `/api/v1/projects/${mine.id}/members`, { userIds: [] }],
        ["GET", `/api/v1/projects/${mine.id}/guidelines/versions`, undefined],
        ["GET", `/api/v1/projects/${mine.id}/pauses`, undefined],
        ["POST", `/api/v1/projects/${mine.id}/pauses/${labeler.id}/lift`, undefined],
      ] as const) {
        const res = await labeler.api.request<ErrorBody>(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.error.code).toBe("FORBIDDEN");
      }
      const list = await labeler.api.get<{ projects: { id: string; guidelines: string; priority?: number }[] }>("/api/v1/projects");
      expect(list.status).toBe(200);
      const ids = list.body.projects.map((p) => p.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(other.id);
      expect(list.body.projects.find((p) => p.id === mine.id)).toMatchObject({ guidelines: "# Mine" });
      expect(list.body.projects.find((p) => p.id === mine.id)?.priority).toBeUndefined();
      expect((await labeler.api.get(`/api/v1/projects/${mine.id}`)).status).toBe(200);
      expect((await labeler.api.get(`/api/v1/projects/${other.id}`)).status).toBe(404);
      expect((await labeler.api.get(`/api/v1/projects/${other.id}/guidelines`)).status).toBe(404);
      expect(await env.db.project.findUniqueOrThrow({ where: { id: mine.id }, select: { priority: true } })).toEqual({ priority: 500 });
    });
  });

  describe("assignment", () => {
    it("never serves a project's tasks to a labeler outside it, over many claims", async () => {
      const { api } = await admin();
      const [a, b] = [await createProject(api), await createProject(api)];
      const inA = await signedInUser(env.db, env.baseUrl);
      const inB = await signedInUser(env.db, env.baseUrl);
      const outsider = await signedInUser(env.db, env.baseUrl);
      await setMembers(api, a!.id, [inA.id]);
      await setMembers(api, b!.id, [inB.id]);
      const aIds = new Set((await comparisonsIn(a!.id, 12, { requiredRankings: 1 })).map((c) => c.id));
      const bIds = new Set((await comparisonsIn(b!.id, 12, { requiredRankings: 1 })).map((c) => c.id));

      for (let i = 0; i < 12; i++) {
        for (const [labeler, own, foreign] of [[inA, aIds, bIds], [inB, bIds, aIds]] as const) {
          const { task } = await next(labeler.api);
          expect(task && own.has(task.id), `claim ${i}`).toBe(true);
          expect(foreign.has(task!.id)).toBe(false);
          await rank(labeler.api, task!.id, task!.completions.map((c) => c.id));
        }
        const { task } = await next(outsider.api);
        if (task) {
          expect(aIds.has(task.id) || bIds.has(task.id)).toBe(false);
          await outsider.api.post(`/api/v1/tasks/${task.id}/skip`, {});
        }
      }
      const ranked = await env.db.ranking.findMany({ where: { comparisonId: { in: [...aIds, ...bIds] } }, select: { userId: true, projectId: true } });
      expect(ranked).toHaveLength(24);
      expect(ranked.filter((r) => r.userId === inA.id).every((r) => r.projectId === a!.id)).toBe(true);
      expect(ranked.filter((r) => r.userId === inB.id).every((r) => r.projectId === b!.id)).toBe(true);
    });

    it("serves the higher-priority project first, and neither a paused nor an archived project", async () => {
      const { api } = await admin();
      const high = await createProject(api, { priority: 600 });
      const low = await createProject(api, { priority: 550 });
      const labeler = await signedInUser(env.db, env.baseUrl);
      await setMembers(api, high.id, [labeler.id]);
      await setMembers(api, low.id, [labeler.id]);
      const highIds = (await comparisonsIn(high.id, 2, { requiredRankings: 1 })).map((c) => c.id);
      const lowIds = (await comparisonsIn(low.id, 3, { requiredRankings: 1 })).map((c) => c.id);

      const first = await next(labeler.api);
      expect(highIds).toContain(first.task?.id);
      expect(first.task?.project).toMatchObject({ id: high.id, name: high.name });
      await rank(labeler.api, first.task!.id, first.task!.completions.map((c) => c.id));

      // Paused: its live lease is not handed back and no new task comes from it.
      await api.request("PATCH", `/api/v1/projects/${high.id}`, { status: "PAUSED" });
      const whilePaused = await next(labeler.api);
      expect(lowIds).toContain(whilePaused.task?.id);
      await rank(labeler.api, whilePaused.task!.id, whilePaused.task!.completions.map((c) => c.id));

      await api.request("PATCH", `/api/v1/projects/${high.id}`, { status: "ACTIVE" });
      const resumed = await next(labeler.api);
      expect(highIds).toContain(resumed.task?.id);
      await rank(labeler.api, resumed.task!.id, resumed.task!.completions.map((c) => c.id));

      await api.request("PATCH", `/api/v1/projects/${low.id}`, { status: "ARCHIVED" });
      const afterArchive = await next(labeler.api);
      expect([...highIds, ...lowIds]).not.toContain(afterArchive.task?.id);
      const listed = await labeler.api.get<{ projects: { id: string }[] }>("/api/v1/projects");
      expect(listed.body.projects.map((p) => p.id)).not.toContain(low.id);
    });

    it("mixes gold tasks in at the project's gold rate, each gold item at most once per labeler, indistinguishable from others", async () => {
      const { api } = await admin();
      const rate = 0.2;
      // Threshold 0: nobody is paused, whatever their answers.
      const project = await createProject(api, { goldRate: rate, goldThreshold: 0, requiredRankings: 5 });
      const labelers = await Promise.all(Array.from({ length: 4 }, () => signedInUser(env.db, env.baseUrl)));
      await setMembers(api, project.id, labelers.map((l) => l.id));
      await comparisonsIn(project.id, 60);
      const gold = new Set((await comparisonsIn(project.id, 40, { gold: true })).map((c) => c.id));

      const CLAIMS = 50;
      const served = await Promise.all(
        labelers.map(async (l) => {
          const ids: string[] = [];
          for (let i = 0; i < CLAIMS; i++) {
            const { task } = await next(l.api);
            expect(task).not.toBeNull();
            expect(Object.keys(task!).sort()).toEqual(["completions", "id", "leaseExpiresAt", "project", "prompt"]);
            ids.push(task!.id);
            await rank(l.api, task!.id, task!.completions.map((c) => c.id));
          }
          return ids;
        }),
      );
      const goldServed = served.flat().filter((id) => gold.has(id)).length;
      const n = labelers.length * CLAIMS;
      const sd = Math.sqrt(n * rate * (1 - rate));
      // Binomial(200, 0.2): mean 40, sd 5.7; ±4.5 sd fails by chance about once in 150,000 runs.
      expect(goldServed).toBeGreaterThan(n * rate - 4.5 * sd);
      expect(goldServed).toBeLessThan(n * rate + 4.5 * sd);
      for (const ids of served) expect(new Set(ids).size).toBe(ids.length);

      const goldRows = await env.db.comparison.findMany({ where: { id: { in: [...gold] } }, select: { open: true } });
      expect(goldRows.every((c) => !c.open)).toBe(true);
      const answers = await env.db.ranking.findMany({ where: { projectId: project.id }, select: { comparisonId: true, goldAgreement: true } });
      expect(answers).toHaveLength(n);
      expect(answers.every((r) => (r.goldAgreement !== null) === gold.has(r.comparisonId))).toBe(true);

      // Repair recounts a gold comparison's counters but leaves it closed.
      const [someGold] = [...gold];
      await env.db.comparison.update({ where: { id: someGold! }, data: { slotsTaken: 0, rankingCount: 0, open: true } });
      await repairTaskSlots({ db: env.db });
      const repaired = await env.db.comparison.findUniqueOrThrow({ where: { id: someGold! }, select: { open: true, rankingCount: true } });
      expect(repaired.open).toBe(false);
      expect(repaired.rankingCount).toBe(await env.db.ranking.count({ where: { comparisonId: someGold! } }));
    });
  });

  describe("gold answers and pauses", () => {
    it("stores the gold agreement, pauses a labeler below the threshold, says so on /tasks/next, and resumes after a lift", async () => {
      const { api, id: adminId } = await admin();
      await parkOtherComparisons(env.db, []);
      const project = await createProject(api, { goldRate: 1, goldMinAnswers: 3, goldThreshold: 0.6 });
      const labeler = await signedInUser(env.db, env.baseUrl);
      await setMembers(api, project.id, [labeler.id]);
      const ordinary = await comparisonsIn(project.id, 3);
      const gold = new Map((await comparisonsIn(project.id, 6, { gold: true })).map((c) => [c.id, c]));

      // First gold answer: the reference order exactly (agreement 1), then two reversed ones (agreement 0).
      for (let i = 0; i < 3; i++) {
        const { task } = await next(labeler.api);
        const item = gold.get(task!.id);
        expect(item, "a gold task at rate 1").toBeDefined();
        const order = i === 0 ? item!.completionIds : [...item!.completionIds].reverse();
        await rank(labeler.api, task!.id, order);
        const stored = await env.db.ranking.findUniqueOrThrow({
          where: { comparisonId_userId: { comparisonId: task!.id, userId: labeler.id } },
          select: { goldAgreement: true, projectId: true, topShownPosition: true, untouched: true },
        });
        expect(stored.goldAgreement).toBe(i === 0 ? 1 : 0);
        expect(stored.projectId).toBe(project.id);
        expect(stored.topShownPosition).toBe(task!.completions.findIndex((c) => c.id === order[0]));
        expect(stored.untouched).toBe(order.every((id, k) => id === task!.completions[k]?.id));
      }
      // Mean 1/3 over 3 answers < 0.6: paused.
      const pause = await env.db.labelerPause.findFirstOrThrow({ where: { projectId: project.id, userId: labeler.id, liftedAt: null } });
      expect(pause.goldAnswers).toBe(3);
      expect(pause.goldScore).toBeCloseTo(1 / 3, 5);
      const paused = await next(labeler.api);
      expect(paused.task).toBeNull();
      expect(paused.paused).toEqual([{ projectId: project.id, name: project.name, reason: expect.stringMatching(/gold score 0\.33 over 3 gold answers is below the project's threshold 0\.6/) }]);

      const listed = await api.get<{ pauses: { userId: string; active: boolean }[] }>(`/api/v1/projects/${project.id}/pauses`);
      expect(listed.body.pauses).toEqual([expect.objectContaining({ userId: labeler.id, active: true })]);
      const lift = await api.post(`/api/v1/projects/${project.id}/pauses/${labeler.id}/lift`);
      expect(lift.status, lift.text).toBe(200);
      expect((await api.post(`/api/v1/projects/${project.id}/pauses/${labeler.id}/lift`)).status).toBe(404);
      expect(await env.db.auditLog.count({ where: { action: "labeler_pause.lift", targetId: pause.id, actorId: adminId } })).toBe(1);

      // Served again; the score starts afresh after the lift: one more bad answer does not pause again.
      const resumed = await next(labeler.api);
      expect(resumed.task).not.toBeNull();
      const item = gold.get(resumed.task!.id);
      expect(item).toBeDefined();
      await rank(labeler.api, resumed.task!.id, [...item!.completionIds].reverse());
      expect(await env.db.labelerPause.count({ where: { projectId: project.id, userId: labeler.id, liftedAt: null } })).toBe(0);
      expect(ordinary.length).toBe(3);
    });
  });

  describe("guidelines", () => {
    it("versions every change, shows the version with the task, records it on the ranking, and answers a poll cheaply", async () => {
      const { api } = await admin();
      const project = await createProject(api, { guidelines: "# v1" });
      const labeler = await signedInUser(env.db, env.baseUrl);
      await setMembers(api, project.id, [labeler.id]);
      await comparisonsIn(project.id, 2, { requiredRankings: 1 });

      const changed = await api.request<ProjectBody>("PATCH", `/api/v1/projects/${project.id}`, { guidelines: "# v2" });
      expect(changed.body.project.guidelinesVersion).toBe(2);
      const same = await api.request<ProjectBody>("PATCH", `/api/v1/projects/${project.id}`, { guidelines: "# v2", description: "x" });
      expect(same.body.project.guidelinesVersion).toBe(2);
      const versions = await api.get<{ versions: { version: number; markdown: string; createdBy: string | null }[] }>(
        `/api/v1/projects/${project.id}/guidelines/versions`,
      );
      expect(versions.body.versions.map((v) => [v.version, v.markdown])).toEqual([[2, "# v2"], [1, "# v1"]]);
      expect(versions.body.versions[0]?.createdBy).toMatch(/@test\.podium$/);

      const { task } = await next(labeler.api);
      expect(task?.project).toEqual({
        id: project.id,
        name: project.name,
        guidelinesVersion: 2,
        allowTies: false,
        allowNoneAcceptable: false,
        collectScores: false,
      });
      await rank(labeler.api, task!.id, task!.completions.map((c) => c.id));
      const ranking = await env.db.ranking.findFirstOrThrow({ where: { comparisonId: task!.id }, select: { guidelinesVersion: true, untouched: true } });
      expect(ranking).toEqual({ guidelinesVersion: 2, untouched: true });

      const poll = await labeler.api.get<{ guidelines: { version: number; markdown: string | null } }>(`/api/v1/projects/${project.id}/guidelines?known=2`);
      expect(poll.body.guidelines).toMatchObject({ version: 2, markdown: null });
      await api.request("PATCH", `/api/v1/projects/${project.id}`, { guidelines: "# v3" });
      const fresh = await labeler.api.get<{ guidelines: { version: number; markdown: string | null } }>(`/api/v1/projects/${project.id}/guidelines?known=2`);
      expect(fresh.body.guidelines).toMatchObject({ version: 3, markdown: "# v3" });
      expect((await labeler.api.get(`/api/v1/projects/${project.id}/guidelines?known=x`)).status).toBe(400);
    });

    it("keeps the old settings route as the default project's guidelines", async () => {
      const { api } = await admin();
      const before = await env.db.project.findUniqueOrThrow({ where: { id: "default" }, select: { guidelinesVersion: true } });
      const text = `# Default ${uniq("g")}`;
      expect((await api.request("PUT", "/api/v1/settings/guidelines", { markdown: text })).status).toBe(200);
      const project = await api.get<ProjectBody & { project: { guidelines: string } }>("/api/v1/projects/default");
      expect(project.body.project).toMatchObject({ guidelines: text, guidelinesVersion: before.guidelinesVersion + 1 });
    });
  });

  describe("import into a project", () => {
    it("imports gold items, splits and tags into the named project with its requiredRankings, duplicates per project", async () => {
      const { api } = await admin();
      const project = await createProject(api, { requiredRankings: 4 });
      const tag = uniq("imp");
      const completions = ["a", "b", "c", "d", "e"].map((x) => `${tag} ${x}`);
      const body = [
        { prompt: `${tag} gold`, completions, goldRanking: [2, 0, 1, 4, 3], split: "eval", tags: ["math", "math", "short"] },
        { prompt: `${tag} plain`, completions },
        { prompt: `${tag} bare` },
      ];
      const res = await api.post<{ imported: number; gold: number; results: { promptId: string; comparisonId: string | null }[] }>(
        `/api/v1/prompts?projectId=${project.id}`,
        body,
      );
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ imported: 3, gold: 1 });
      const [goldLine, plainLine, bareLine] = res.body.results;
      const goldComparison = await env.db.comparison.findUniqueOrThrow({
        where: { id: goldLine!.comparisonId! },
        select: { projectId: true, gold: true, open: true, goldRanking: true, requiredRankings: true, items: { select: { completionId: true }, orderBy: { position: "asc" } } },
      });
      const ids = goldComparison.items.map((i) => i.completionId);
      expect(goldComparison).toMatchObject({ projectId: project.id, gold: true, open: false, requiredRankings: 4 });
      expect(goldComparison.goldRanking).toEqual([ids[2], ids[0], ids[1], ids[4], ids[3]]);
      const plain = await env.db.comparison.findUniqueOrThrow({ where: { id: plainLine!.comparisonId! }, select: { gold: true, open: true, requiredRankings: true } });
      expect(plain).toEqual({ gold: false, open: true, requiredRankings: 4 });
      const prompts = await env.db.prompt.findMany({
        where: { id: { in: [goldLine!.promptId, bareLine!.promptId] } },
        select: { id: true, split: true, textHash: true, projectId: true, tags: { select: { tag: true }, orderBy: { tag: "asc" } } },
      });
      const goldPrompt = prompts.find((p) => p.id === goldLine!.promptId)!;
      expect(goldPrompt).toMatchObject({ split: "eval", projectId: project.id, tags: [{ tag: "math" }, { tag: "short" }] });
      const bare = prompts.find((p) => p.id === bareLine!.promptId)!;
      expect(bare.split).toBe(bare.textHash.slice(0, 2) < "1a" ? "eval" : "train");

      const again = await api.post<{ duplicates: number }>(`/api/v1/prompts?projectId=${project.id}`, [{ prompt: `${tag} plain` }]);
      expect(again.body.duplicates).toBe(1);
      const elsewhere = await api.post<{ imported: number }>("/api/v1/prompts", [{ prompt: `${tag} plain` }]);
      expect(elsewhere.body.imported).toBe(1);
    });

    it("refuses the whole import with 400 when a goldRanking is not a permutation, and 404 for an unknown project", async () => {
      const { api } = await admin();
      const project = await createProject(api);
      const tag = uniq("bad");
      const completions = ["a", "b", "c", "d", "e"].map((x) => `${tag} ${x}`);
      const before = await env.db.prompt.count();
      for (const goldRanking of [[0, 0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3, 5], ["a", 1, 2, 3, 4]]) {
        const res = await api.post<ErrorBody>(`/api/v1/prompts?projectId=${project.id}`, [
          { prompt: `${tag} fine`, completions },
          { prompt: `${tag} gold`, completions, goldRanking },
        ]);
        expect(res.status, JSON.stringify(goldRanking)).toBe(400);
        expect(res.body.error.message).toMatch(/^Line 2: goldRanking/);
      }
      const noCompletions = await api.post<ErrorBody>(`/api/v1/prompts?projectId=${project.id}`, [{ prompt: `${tag} x`, goldRanking: [0] }]);
      expect(noCompletions.status).toBe(400);
      const unknown = await api.post<ErrorBody>("/api/v1/prompts?projectId=no-such-project", [{ prompt: `${tag} y` }]);
      expect(unknown.status).toBe(404);
      expect(await env.db.prompt.count()).toBe(before);
    });
  });
});
