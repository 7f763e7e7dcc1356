// Pauses of labelers over real HTTP on both databases: an admin pauses a labeler on a project by hand, with a reason
// (the labeler gets nothing of that project and the paused answer, the task they held is given back, a lift serves
// them again; bad input and a labeler's call change nothing), and undoing a gold answer recomputes the gold score,
// withdrawing the automatic pause that answer caused unless the score without it still falls under the rule.
import { describe, expect, it } from "vitest";
import { importPromptItems } from "@/lib/data";
import { uniq } from "../support/factories";
import { ApiClient, describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, type ErrorBody, type Labeler } from "./tasks-support";

interface ProjectBody {
  project: { id: string; name: string };
}

interface NextBody {
  task: { id: string; completions: { id: string }[] } | null;
  paused?: { projectId: string; name: string; reason: string }[];
}

interface PauseBody {
  pause: { id: string; projectId: string; userId: string; reason: string; leasesReleased: number };
}

describeEachDatabase("labeler pauses", (env) => {
  async function createProject(api: ApiClient, settings: Record<string, unknown> = {}): Promise<ProjectBody["project"]> {
    const res = await api.post<ProjectBody>("/api/v1/projects", { name: uniq("pauses"), allLabelers: false, priority: 600, goldRate: 0, ...settings });
    expect(res.status, res.text).toBe(201);
    return res.body.project;
  }

  async function setMembers(api: ApiClient, projectId: string, userIds: string[]): Promise<void> {
    const res = await api.request("PUT", `/api/v1/projects/${projectId}/members`, { userIds });
    expect(res.status, res.text).toBe(200);
  }

  /** `count` comparisons in the project (gold: the reference is the completions' stored order); id → completion ids. */
  async function comparisonsIn(projectId: string, count: number, options: { gold?: boolean; requiredRankings?: number } = {}): Promise<Map<string, string[]>> {
    const tag = uniq("c");
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
      select: { id: true, items: { select: { completionId: true }, orderBy: { position: "asc" } } },
    });
    return new Map(rows.map((r) => [r.id, r.items.map((i) => i.completionId)]));
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

  const livePauses = (projectId: string, userId?: string) => env.db.labelerPause.count({ where: { projectId, liftedAt: null, ...(userId ? { userId } : {}) } });

  describe("by an admin", () => {
    it("pauses a labeler with a reason: nothing of the project is served, the held task is given back, a lift serves again", async () => {
      const admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
      await parkOtherComparisons(env.db, []);
      const project = await createProject(admin.api);
      const labeler = await signedInUser(env.db, env.baseUrl);
      const colleague = await signedInUser(env.db, env.baseUrl);
      await setMembers(admin.api, project.id, [labeler.id, colleague.id]);
      await comparisonsIn(project.id, 3, { requiredRankings: 2 });

      const held = (await next(labeler.api)).task;
      expect(held).not.toBeNull();
      const slotsBefore = (await env.db.comparison.findUniqueOrThrow({ where: { id: held!.id }, select: { slotsTaken: true } })).slotsTaken;
      const path = `/api/v1/projects/${project.id}/pauses`;
      const audits = async () =>
        (await env.db.auditLog.findMany({ where: { action: "labeler_pause.create" }, select: { details: true } })).filter(
          (a) => (a.details as { projectId?: string } | null)?.projectId === project.id,
        ).length;

      // Refused, with nothing changed: bad bodies (400), an unknown user (422), an unknown project (404), a labeler (403).
      for (const body of [{}, { userId: labeler.id }, { userId: labeler.id, reason: "   " }, { userId: labeler.id, reason: "x".repeat(501) }, { userId: labeler.id, reason: "r", extra: 1 }, { userId: 7, reason: "r" }]) {
        const res = await admin.api.post<ErrorBody>(path, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe("VALIDATION_FAILED");
      }
      const unknownUser = await admin.api.post<ErrorBody>(path, { userId: "no-such-user", reason: "r" });
      expect(unknownUser.status).toBe(422);
      expect(unknownUser.body.error.message).toMatch(/no-such-user/);
      expect((await admin.api.post<ErrorBody>("/api/v1/projects/no-such-project/pauses", { userId: labeler.id, reason: "r" })).status).toBe(404);
      const byLabeler = await colleague.api.post<ErrorBody>(path, { userId: labeler.id, reason: "r" });
      expect(byLabeler.status).toBe(403);
      expect(byLabeler.body.error.code).toBe("FORBIDDEN");
      expect(await env.db.labelerPause.count({ where: { projectId: project.id } })).toBe(0);
      expect(await audits()).toBe(0);
      expect(await env.db.lease.count({ where: { comparisonId: held!.id, userId: labeler.id, slotHeld: true } })).toBe(1);

      const reason = "Rushed answers in the weekly review";
      const paused = await admin.api.post<PauseBody>(path, { userId: labeler.id, reason: `  ${reason} ` });
      expect(paused.status, paused.text).toBe(201);
      expect(paused.body.pause).toMatchObject({ projectId: project.id, userId: labeler.id, reason, leasesReleased: 1 });
      const row = await env.db.labelerPause.findUniqueOrThrow({ where: { id: paused.body.pause.id } });
      expect(row).toMatchObject({ reason, goldScore: null, goldAnswers: null, liftedAt: null });
      const audit = await env.db.auditLog.findFirstOrThrow({ where: { action: "labeler_pause.create", targetId: row.id } });
      expect(audit).toMatchObject({ actorId: admin.id, targetType: "labeler_pause" });
      expect(audit.details).toMatchObject({ projectId: project.id, userId: labeler.id, reason, leasesReleased: 1 });
      // The held task was given back: no lease, its slot free again; a late ranking of it is refused.
      expect(await env.db.lease.count({ where: { comparisonId: held!.id, userId: labeler.id } })).toBe(0);
      expect((await env.db.comparison.findUniqueOrThrow({ where: { id: held!.id }, select: { slotsTaken: true } })).slotsTaken).toBe(slotsBefore - 1);
      expect((await labeler.api.post(`/api/v1/tasks/${held!.id}/ranking`, { ranking: held!.completions.map((c) => c.id) })).status).toBe(404);

      const again = await admin.api.post<ErrorBody>(path, { userId: labeler.id, reason: "twice" });
      expect(again.status).toBe(409);
      expect(await livePauses(project.id, labeler.id)).toBe(1);
      expect(await audits()).toBe(1);

      expect(await next(labeler.api)).toEqual({ task: null, paused: [{ projectId: project.id, name: project.name, reason }] });
      // The colleague is not paused: served from the project, the given-back task first (closest to done, oldest).
      const theirs = (await next(colleague.api)).task;
      expect(theirs).not.toBeNull();
      expect(await env.db.comparison.count({ where: { id: theirs!.id, projectId: project.id } })).toBe(1);

      const listed = await admin.api.get<{ pauses: { id: string; reason: string; goldScore: number | null; active: boolean }[] }>(path);
      expect(listed.body.pauses).toEqual([expect.objectContaining({ id: row.id, reason, goldScore: null, active: true })]);
      expect((await admin.api.post(`${path}/${labeler.id}/lift`)).status).toBe(200);
      expect(await livePauses(project.id, labeler.id)).toBe(0);
      const resumed = await next(labeler.api);
      expect(resumed.task).not.toBeNull();
      expect(await env.db.comparison.count({ where: { id: resumed.task!.id, projectId: project.id } })).toBe(1);
    });
  });

  describe("undo of a gold answer", () => {
    async function goldSetup(settings: Record<string, unknown>): Promise<{ admin: Labeler; labeler: Labeler; project: ProjectBody["project"]; gold: Map<string, string[]> }> {
      const admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
      await parkOtherComparisons(env.db, []);
      const project = await createProject(admin.api, { goldRate: 1, goldMinAnswers: 2, goldThreshold: 0.6, ...settings });
      const labeler = await signedInUser(env.db, env.baseUrl);
      await setMembers(admin.api, project.id, [labeler.id]);
      await comparisonsIn(project.id, 3);
      const gold = await comparisonsIn(project.id, 4, { gold: true });
      return { admin, labeler, project, gold };
    }

    /** The next task, which must be gold (rate 1), ranked as the reference or its reverse; its id. */
    async function answerGold(labeler: Labeler, gold: Map<string, string[]>, agree: boolean): Promise<string> {
      const { task } = await next(labeler.api);
      const reference = gold.get(task?.id ?? "");
      expect(reference, "a gold task at rate 1").toBeDefined();
      await rank(labeler.api, task!.id, agree ? reference! : [...reference!].reverse());
      return task!.id;
    }

    async function undo(labeler: Labeler, taskId: string): Promise<void> {
      const res = await labeler.api.post<Record<string, unknown>>(`/api/v1/tasks/${taskId}/ranking/undo`, {});
      expect(res.status, res.text).toBe(200);
      // The labeler's own judgment back, and nothing that tells a gold task from another.
      expect(Object.keys(res.body).sort()).toEqual(["noneAcceptable", "order", "ranks", "scores", "task", "undoneRankingId"]);
    }

    it("withdraws the pause the undone answer caused, and the score keeps counting the earlier answers", async () => {
      const { admin, labeler, project, gold } = await goldSetup({});
      await answerGold(labeler, gold, true); // agreement 1
      const second = await answerGold(labeler, gold, false); // agreement 0: mean 0.5 over 2 < 0.6
      const pause = await env.db.labelerPause.findFirstOrThrow({ where: { projectId: project.id, userId: labeler.id, liftedAt: null } });
      expect(pause.goldAnswers).toBe(2);
      expect((await next(labeler.api)).task).toBeNull();

      await undo(labeler, second);
      const withdrawn = await env.db.labelerPause.findUniqueOrThrow({ where: { id: pause.id } });
      expect(withdrawn.liftedAt).not.toBeNull();
      expect(withdrawn.liftedById).toBe(labeler.id);
      expect(await livePauses(project.id, labeler.id)).toBe(0);
      // The gold score is the remaining answer's.
      const quality = await admin.api.get<{ quality: { labelers: { userId: string; goldScore: { status: string; value?: number; count: number }; paused: boolean }[] } }>(
        `/api/v1/projects/${project.id}/quality`,
      );
      expect(quality.status, quality.text).toBe(200);
      expect(quality.body.quality.labelers.find((l) => l.userId === labeler.id)).toMatchObject({ goldScore: { status: "ok", value: 1, count: 1 }, paused: false });

      // Served again: the undone task comes back; ranked badly again, the pause returns, counting the first answer
      // too (the withdrawal did not start the score afresh, which an admin's lift does).
      const { task } = await next(labeler.api);
      expect(task?.id).toBe(second);
      await rank(labeler.api, second, [...gold.get(second)!].reverse());
      const again = await env.db.labelerPause.findFirstOrThrow({ where: { projectId: project.id, userId: labeler.id, liftedAt: null } });
      expect(again).toMatchObject({ goldAnswers: 2, goldScore: 0.5 });
    });

    it("keeps the pause when the score without the undone answer still falls under the rule, and never touches an admin's pause", async () => {
      const { admin, labeler, project, gold } = await goldSetup({});
      await answerGold(labeler, gold, false);
      const second = await answerGold(labeler, gold, false); // mean 0 over 2: paused
      const pause = await env.db.labelerPause.findFirstOrThrow({ where: { projectId: project.id, userId: labeler.id, liftedAt: null } });
      // The rule changed meanwhile: one gold answer is enough, so the first answer alone (agreement 0) still pauses.
      expect((await admin.api.request("PATCH", `/api/v1/projects/${project.id}`, { goldMinAnswers: 1 })).status).toBe(200);
      await undo(labeler, second);
      expect(await env.db.labelerPause.findUniqueOrThrow({ where: { id: pause.id }, select: { liftedAt: true } })).toEqual({ liftedAt: null });
      expect(await env.db.ranking.count({ where: { comparisonId: second, userId: labeler.id } })).toBe(0);

      // An admin's pause is not the answer's: after a lift and a manual pause, undoing a gold answer leaves it.
      expect((await admin.api.post(`/api/v1/projects/${project.id}/pauses/${labeler.id}/lift`)).status).toBe(200);
      expect((await admin.api.request("PATCH", `/api/v1/projects/${project.id}`, { goldMinAnswers: 5 })).status).toBe(200);
      const third = await answerGold(labeler, gold, true);
      const manual = await admin.api.post<PauseBody>(`/api/v1/projects/${project.id}/pauses`, { userId: labeler.id, reason: "spot check" });
      expect(manual.status, manual.text).toBe(201);
      await undo(labeler, third);
      expect(await env.db.labelerPause.findUniqueOrThrow({ where: { id: manual.body.pause.id }, select: { liftedAt: true } })).toEqual({ liftedAt: null });
    });
  });
});
