// The labeler's loop over real HTTP on both databases: assignment order, leases and their expiry, the race for few
// comparisons, rankings (422 / 409 / idempotent retries), skips, flags, progress, guidelines, and who may see what.
import { describe, expect, it } from "vitest";
import { createTestComparisons } from "../support/factories";
import { ApiClient, describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, signedInUsers, type ErrorBody, type RankingBody, type TaskBody } from "./tasks-support";

describeEachDatabase("the labeler's task loop", (env) => {
  /** One comparison at a time, so their createdAt order is the creation order. */
  async function comparisonsInOrder(count: number, requiredRankings: number) {
    const out = [];
    for (let i = 0; i < count; i++) {
      out.push(...(await createTestComparisons(env.db, { count: 1, requiredRankings })));
      await new Promise((r) => setTimeout(r, 5));
    }
    return out;
  }

  async function next(api: ApiClient, query = ""): Promise<TaskBody["task"]> {
    const res = await api.get<TaskBody>(`/api/v1/tasks/next${query}`);
    expect(res.status).toBe(200);
    return res.body.task;
  }

  describe("assignment", () => {
    it("offers the comparison closest to done first, then the oldest, and never one the labeler ranked or skipped", async () => {
      const [oldest, middle, newest] = await comparisonsInOrder(3, 3);
      const ids = [oldest!.id, middle!.id, newest!.id];
      await parkOtherComparisons(env.db, ids);
      // The newest one already has a ranking from someone else: it is closest to done.
      const other = await signedInUser(env.db, env.baseUrl);
      const [labeler] = await signedInUsers(env.db, env.baseUrl, 1);
      let otherTask = await next(other.api);
      while (otherTask && otherTask.id !== newest!.id) {
        await other.api.post(`/api/v1/tasks/${otherTask.id}/skip`, {});
        otherTask = await next(other.api);
      }
      expect(otherTask?.id).toBe(newest!.id);
      const ranked = await other.api.post(`/api/v1/tasks/${newest!.id}/ranking`, { ranking: otherTask!.completions.map((c) => c.id) });
      expect(ranked.status).toBe(201);

      const first = await next(labeler!.api);
      expect(first?.id).toBe(newest!.id);
      expect((await labeler!.api.post(`/api/v1/tasks/${first!.id}/ranking`, { ranking: first!.completions.map((c) => c.id) })).status).toBe(201);
      const second = await next(labeler!.api);
      expect(second?.id).toBe(oldest!.id);
      expect((await labeler!.api.post(`/api/v1/tasks/${second!.id}/skip`, { reason: "unclear prompt" })).status).toBe(200);
      const third = await next(labeler!.api);
      expect(third?.id).toBe(middle!.id);
      expect((await labeler!.api.post(`/api/v1/tasks/${third!.id}/skip`)).status).toBe(200);
      expect(await next(labeler!.api)).toBeNull();
    });

    it("returns the same task with the same order while the lease is live, and a different one when asked to exclude it", async () => {
      const cs = await createTestComparisons(env.db, { count: 2, requiredRankings: 2 });
      await parkOtherComparisons(env.db, cs.map((c) => c.id));
      const labeler = await signedInUser(env.db, env.baseUrl);
      const a = await next(labeler.api);
      const again = await next(labeler.api);
      expect(again).toEqual(a);
      expect(a?.completions).toHaveLength(5);
      expect(new Set(a?.completions.map((c) => c.id))).toEqual(new Set(cs.find((c) => c.id === a?.id)?.completionIds));
      expect(Date.parse(a!.leaseExpiresAt!)).toBeGreaterThan(Date.now());
      const lease = await env.db.lease.findUnique({ where: { comparisonId_userId: { comparisonId: a!.id, userId: labeler.id } } });
      expect(lease?.shownOrder).toEqual(a?.completions.map((c) => c.id));

      const b = await next(labeler.api, `?exclude=${a!.id}`);
      expect(b?.id).not.toBe(a?.id);
      expect(cs.map((c) => c.id)).toContain(b?.id);
      expect(await env.db.lease.count({ where: { userId: labeler.id } })).toBe(2);

      // A reloaded tab names the task it showed: of the two live leases, that one; an unknown id changes nothing.
      expect((await next(labeler.api, `?prefer=${b!.id}`))?.id).toBe(b!.id);
      expect((await next(labeler.api, `?prefer=${a!.id}`))?.id).toBe(a!.id);
      expect((await next(labeler.api, `?prefer=unknown-id`))?.id).toBe(a!.id);
      expect((await next(labeler.api, `?prefer=${b!.id}&exclude=${b!.id}`))?.id).toBe(a!.id);
      const bad = await labeler.api.get<ErrorBody>(`/api/v1/tasks/next?prefer=${"x".repeat(101)}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/prefer/);
      expect(await env.db.lease.count({ where: { userId: labeler.id } })).toBe(2);
    });

    it("never over-assigns when 20 labelers race for 3 comparisons that need 2 rankings each", async () => {
      const cs = await createTestComparisons(env.db, { count: 3, requiredRankings: 2 });
      const ids = cs.map((c) => c.id);
      await parkOtherComparisons(env.db, ids);
      const labelers = await signedInUsers(env.db, env.baseUrl, 20);
      const tasks = await Promise.all(labelers.map((l) => next(l.api)));
      const given = tasks.filter((t) => t !== null);
      expect(given).toHaveLength(6);
      for (const id of ids) expect(given.filter((t) => t?.id === id)).toHaveLength(2);
      const rows = await env.db.comparison.findMany({
        where: { id: { in: ids } },
        select: { slotsTaken: true, open: true, _count: { select: { leases: true } } },
      });
      for (const row of rows) expect(row).toEqual({ slotsTaken: 2, open: false, _count: { leases: 2 } });
      // A second wave (reloads and new calls) changes nothing.
      const again = await Promise.all(labelers.map((l) => next(l.api)));
      expect(again.map((t) => t?.id ?? null)).toEqual(tasks.map((t) => t?.id ?? null));
      expect(await env.db.lease.count({ where: { comparisonId: { in: ids } } })).toBe(6);
    });

    it("frees the slot of an expired lease for another labeler, and refuses the late ranking once the comparison is full", async () => {
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 1 });
      await parkOtherComparisons(env.db, [c!.id]);
      const [first, second] = await signedInUsers(env.db, env.baseUrl, 2);
      const t1 = await next(first!.api);
      expect(t1?.id).toBe(c!.id);
      expect(await next(second!.api)).toBeNull();
      await env.db.lease.updateMany({ where: { comparisonId: c!.id, userId: first!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const t2 = await next(second!.api);
      expect(t2?.id).toBe(c!.id);
      const late = await first!.api.post<ErrorBody>(`/api/v1/tasks/${c!.id}/ranking`, { ranking: t1!.completions.map((x) => x.id) });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/expired/);
      expect((await second!.api.post(`/api/v1/tasks/${c!.id}/ranking`, { ranking: t2!.completions.map((x) => x.id) })).status).toBe(201);
      const row = await env.db.comparison.findUnique({ where: { id: c!.id }, select: { slotsTaken: true, rankingCount: true, open: true } });
      expect(row).toEqual({ slotsTaken: 1, rankingCount: 1, open: false });
    });

    it("accepts a ranking that arrives after its lease expired while the comparison still has room", async () => {
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
      await parkOtherComparisons(env.db, [c!.id]);
      const [slow, other] = await signedInUsers(env.db, env.baseUrl, 2);
      const t = await next(slow!.api);
      await env.db.lease.updateMany({ where: { comparisonId: c!.id, userId: slow!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      // Another labeler's claim sweeps the expired lease: the slot is given back.
      expect((await next(other!.api))?.id).toBe(c!.id);
      expect(await env.db.comparison.findUnique({ where: { id: c!.id }, select: { slotsTaken: true } })).toEqual({ slotsTaken: 1 });
      const res = await slow!.api.post<RankingBody>(`/api/v1/tasks/${c!.id}/ranking`, { ranking: t!.completions.map((x) => x.id), durationMs: 700_000 });
      expect(res.status).toBe(201);
      expect(res.body.ranking.shownOrder).toEqual(t!.completions.map((x) => x.id));
      const row = await env.db.comparison.findUnique({ where: { id: c!.id }, select: { slotsTaken: true, rankingCount: true, open: true } });
      expect(row).toEqual({ slotsTaken: 2, rankingCount: 1, open: false });
    });

    it("renews a live lease, and takes the slot again for a lease that expired while there is room", async () => {
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
      await parkOtherComparisons(env.db, [c!.id]);
      const [labeler, other] = await signedInUsers(env.db, env.baseUrl, 2);
      const t = await next(labeler!.api);
      const where = { comparisonId_userId: { comparisonId: c!.id, userId: labeler!.id } };
      await env.db.lease.update({ where, data: { expiresAt: new Date(Date.now() + 5_000) } });
      const renewed = await labeler!.api.post<{ leaseExpiresAt: string }>(`/api/v1/tasks/${t!.id}/lease`);
      expect(renewed.status).toBe(200);
      expect(Date.parse(renewed.body.leaseExpiresAt)).toBeGreaterThan(Date.now() + 60_000);
      await env.db.lease.update({ where, data: { expiresAt: new Date(Date.now() - 1000) } });
      await next(other!.api); // sweeps the expired lease
      expect((await env.db.lease.findUnique({ where, select: { slotHeld: true } }))?.slotHeld).toBe(false);
      const again = await labeler!.api.post(`/api/v1/tasks/${t!.id}/lease`);
      expect(again.status).toBe(200);
      expect((await env.db.lease.findUnique({ where, select: { slotHeld: true } }))?.slotHeld).toBe(true);
      expect(await env.db.comparison.findUnique({ where: { id: c!.id }, select: { slotsTaken: true } })).toEqual({ slotsTaken: 2 });
    });
  });

  describe("rankings", () => {
    async function leased() {
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 3 });
      await parkOtherComparisons(env.db, [c!.id]);
      const labeler = await signedInUser(env.db, env.baseUrl);
      const task = await next(labeler.api);
      expect(task?.id).toBe(c!.id);
      return { labeler, task: task!, ids: task!.completions.map((x) => x.id) };
    }

    it("stores the order, the order shown and the duration in one ranking, and moves the counters", async () => {
      const { labeler, task, ids } = await leased();
      const order = [...ids].reverse();
      const res = await labeler.api.post<RankingBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: order, durationMs: 4321 });
      expect(res.status).toBe(201);
      expect(res.body.ranking).toMatchObject({ comparisonId: task.id, order, shownOrder: ids, durationMs: 4321 });
      const row = await env.db.ranking.findUnique({ where: { id: res.body.ranking.id } });
      expect(row).toMatchObject({ userId: labeler.id, order, shownOrder: ids, durationMs: 4321 });
      expect(await env.db.lease.count({ where: { comparisonId: task.id } })).toBe(0);
      expect(await env.db.comparison.findUnique({ where: { id: task.id }, select: { slotsTaken: true, rankingCount: true, open: true } })).toEqual({
        slotsTaken: 1,
        rankingCount: 1,
        open: true,
      });
    });

    it("answers 422 saying which id is missing, duplicated or unknown, and stores nothing", async () => {
      const { labeler, task, ids } = await leased();
      const cases: [string[], RegExp][] = [
        [ids.slice(0, 4), new RegExp(`missing id ${ids[4]}`)],
        [[...ids.slice(0, 4), ids[0]!], new RegExp(`duplicate id ${ids[0]}.*|missing id ${ids[4]}`)],
        [[...ids.slice(0, 4), "not-a-completion"], /unknown id not-a-completion/],
        [[...ids, "extra"], /unknown id extra/],
      ];
      for (const [ranking, message] of cases) {
        const res = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking });
        expect(res.status).toBe(422);
        expect(res.body.error.code).toBe("UNPROCESSABLE");
        expect(res.body.error.message).toMatch(message);
      }
      const dup = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: [...ids.slice(0, 4), ids[0]!] });
      expect(dup.body.error.details).toEqual({ missing: [ids[4]], duplicates: [ids[0]], unknown: [] });
      const notAList = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: "abc" });
      expect(notAList.status).toBe(400);
      expect(await env.db.ranking.count({ where: { comparisonId: task.id } })).toBe(0);
    });

    it("stores a retried ranking with the same idempotency key exactly once, by body or by header", async () => {
      const { labeler, task, ids } = await leased();
      const body = { ranking: ids, idempotencyKey: "retry-key-1" };
      const first = await labeler.api.post<RankingBody>(`/api/v1/tasks/${task.id}/ranking`, body);
      const concurrent = await Promise.all([1, 2, 3].map(() => labeler.api.post<RankingBody>(`/api/v1/tasks/${task.id}/ranking`, body)));
      expect(first.status).toBe(201);
      for (const r of concurrent) {
        expect(r.status).toBe(200);
        expect(r.body.ranking.id).toBe(first.body.ranking.id);
      }
      expect(await env.db.ranking.count({ where: { comparisonId: task.id } })).toBe(1);

      const second = await leased();
      const headers = { "idempotency-key": "header-key-1" };
      const copies = await Promise.all([1, 2, 3, 4].map(() => second.labeler.api.post<RankingBody>(`/api/v1/tasks/${second.task.id}/ranking`, { ranking: second.ids }, headers)));
      expect(copies.map((c) => c.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(copies.map((c) => c.body.ranking.id)).size).toBe(1);
      expect(await env.db.ranking.count({ where: { comparisonId: second.task.id } })).toBe(1);
      expect(await env.db.comparison.findUnique({ where: { id: second.task.id }, select: { rankingCount: true } })).toEqual({ rankingCount: 1 });
    });

    it("answers 409 to a second ranking of the same comparison by the same labeler", async () => {
      const { labeler, task, ids } = await leased();
      expect((await labeler.api.post(`/api/v1/tasks/${task.id}/ranking`, { ranking: ids, idempotencyKey: "a" })).status).toBe(201);
      const again = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: [...ids].reverse(), idempotencyKey: "b" });
      expect(again.status).toBe(409);
      const noKey = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: ids });
      expect(noKey.status).toBe(409);
      expect(await env.db.ranking.count({ where: { comparisonId: task.id } })).toBe(1);
    });

    it("answers 404 to a labeler who reads, ranks, skips or renews a task they were not given; admins may read it", async () => {
      const { labeler, task, ids } = await leased();
      const stranger = await signedInUser(env.db, env.baseUrl);
      expect((await labeler.api.get(`/api/v1/tasks/${task.id}`)).status).toBe(200);
      expect((await stranger.api.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
      expect((await stranger.api.post(`/api/v1/tasks/${task.id}/ranking`, { ranking: ids })).status).toBe(404);
      expect((await stranger.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(404);
      expect((await stranger.api.post(`/api/v1/tasks/${task.id}/lease`)).status).toBe(404);
      expect((await stranger.api.post(`/api/v1/completions/${ids[0]}/flag`, { reason: "harmful" })).status).toBe(404);
      expect((await stranger.api.get(`/api/v1/tasks/no-such-task`)).status).toBe(404);
      const admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
      const read = await admin.api.get<TaskBody>(`/api/v1/tasks/${task.id}`);
      expect(read.status).toBe(200);
      expect(new Set(read.body.task?.completions.map((c) => c.id))).toEqual(new Set(ids));
      expect(await env.db.ranking.count({ where: { comparisonId: task.id } })).toBe(0);
    });

    it("lets the labeler read back a task they ranked, in the order they were shown it", async () => {
      const { labeler, task, ids } = await leased();
      await labeler.api.post(`/api/v1/tasks/${task.id}/ranking`, { ranking: [...ids].reverse() });
      const read = await labeler.api.get<{ task: { completions: { id: string }[]; ranking: { order: string[] } } }>(`/api/v1/tasks/${task.id}`);
      expect(read.status).toBe(200);
      expect(read.body.task.completions.map((c) => c.id)).toEqual(ids);
      expect(read.body.task.ranking.order).toEqual([...ids].reverse());
    });
  });

  describe("skips, flags, progress and guidelines", () => {
    it("releases the slot on skip, records the reason, and never offers the comparison again", async () => {
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 1 });
      await parkOtherComparisons(env.db, [c!.id]);
      const [labeler, other] = await signedInUsers(env.db, env.baseUrl, 2);
      expect((await next(labeler!.api))?.id).toBe(c!.id);
      expect(await next(other!.api)).toBeNull();
      const res = await labeler!.api.post<{ skip: { reason: string } }>(`/api/v1/tasks/${c!.id}/skip`, { reason: "needs domain knowledge" });
      expect(res.status).toBe(200);
      expect(res.body.skip.reason).toBe("needs domain knowledge");
      expect(await env.db.skip.count({ where: { comparisonId: c!.id, userId: labeler!.id } })).toBe(1);
      expect(await env.db.comparison.findUnique({ where: { id: c!.id }, select: { slotsTaken: true, open: true } })).toEqual({ slotsTaken: 0, open: true });
      expect(await next(labeler!.api)).toBeNull();
      expect((await next(other!.api))?.id).toBe(c!.id);
    });

    it("records a flag on a completion the labeler was shown and rejects an unknown reason", async () => {
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
      await parkOtherComparisons(env.db, [c!.id]);
      const labeler = await signedInUser(env.db, env.baseUrl);
      const t = await next(labeler.api);
      const target = t!.completions[2]!.id;
      const res = await labeler.api.post<{ flag: { id: string; reason: string; note: string } }>(`/api/v1/completions/${target}/flag`, {
        reason: "broken",
        note: "cut off mid-sentence",
      });
      expect(res.status).toBe(201);
      expect(res.body.flag).toMatchObject({ reason: "broken", note: "cut off mid-sentence" });
      expect(await env.db.flag.findUnique({ where: { id: res.body.flag.id }, select: { completionId: true, userId: true } })).toEqual({
        completionId: target,
        userId: labeler.id,
      });
      expect((await labeler.api.post(`/api/v1/completions/${target}/flag`, { reason: "boring" })).status).toBe(400);
    });

    it("reports rankings today, in total, and the comparisons still available to the labeler", async () => {
      const cs = await createTestComparisons(env.db, { count: 3, requiredRankings: 2 });
      await parkOtherComparisons(env.db, cs.map((c) => c.id));
      const labeler = await signedInUser(env.db, env.baseUrl);
      const before = await labeler.api.get<{ rankedToday: number; rankedTotal: number; remaining: number }>("/api/v1/tasks/progress");
      expect(before.body).toEqual({ rankedToday: 0, rankedTotal: 0, remaining: 3 });
      const t = await next(labeler.api);
      await labeler.api.post(`/api/v1/tasks/${t!.id}/ranking`, { ranking: t!.completions.map((c) => c.id) });
      const t2 = await next(labeler.api);
      await labeler.api.post(`/api/v1/tasks/${t2!.id}/skip`);
      const after = await labeler.api.get<{ rankedToday: number; rankedTotal: number; remaining: number }>("/api/v1/tasks/progress");
      expect(after.body).toEqual({ rankedToday: 1, rankedTotal: 1, remaining: 1 });
    });

    it("lets any user read the guidelines and only admins change them", async () => {
      const labeler = await signedInUser(env.db, env.baseUrl);
      const admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
      const markdown = `# Guidelines ${Date.now()}\n\n- Prefer **correct** over long.`;
      expect((await labeler.api.request("PUT", "/api/v1/settings/guidelines", { markdown })).status).toBe(403);
      const put = await admin.api.request<{ guidelines: { markdown: string } }>("PUT", "/api/v1/settings/guidelines", { markdown });
      expect(put.status).toBe(200);
      const read = await labeler.api.get<{ guidelines: { markdown: string; updatedAt: string } }>("/api/v1/settings/guidelines");
      expect(read.body.guidelines.markdown).toBe(markdown);
      expect((await new ApiClient(env.baseUrl).get("/api/v1/settings/guidelines")).status).toBe(401);
    });

    it("keeps task routes to signed-in users and stats and export to admins", async () => {
      const anonymous = new ApiClient(env.baseUrl);
      expect((await anonymous.get("/api/v1/tasks/next")).status).toBe(401);
      expect((await anonymous.get("/api/v1/tasks/progress")).status).toBe(401);
      expect((await anonymous.get("/api/v1/stats")).status).toBe(401);
      expect((await anonymous.get("/api/v1/export?format=events")).status).toBe(401);
      const labeler = await signedInUser(env.db, env.baseUrl);
      expect((await labeler.api.get("/api/v1/stats")).status).toBe(403);
      expect((await labeler.api.get("/api/v1/export?format=pairwise")).status).toBe(403);
    });

    it("answers the loop's fast-lane calls with the same security headers as every other route, and a cross-site ranking with 403", async () => {
      const labeler = await signedInUser(env.db, env.baseUrl);
      await createTestComparisons(env.db, { count: 1 });
      const next = await labeler.api.get<TaskBody>("/api/v1/tasks/next");
      const me = await labeler.api.get("/api/v1/me");
      expect(next.status).toBe(200);
      for (const name of ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy", "cross-origin-opener-policy"]) {
        expect(next.headers.get(name), name).toBeTruthy();
        expect(next.headers.get(name), name).toBe(me.headers.get(name));
      }
      expect(next.headers.get("cache-control")).toContain("no-store");
      const task = next.body.task;
      if (!task) throw new Error("no task");
      const forged = await labeler.api.post(
        `/api/v1/tasks/${task.id}/ranking`,
        { ranking: task.completions.map((c) => c.id) },
        { origin: "https://evil.example" },
      );
      expect(forged.status).toBe(403);
      expect((await labeler.api.post(`/api/v1/tasks/${task.id}/ranking`, { ranking: task.completions.map((c) => c.id) })).status).toBe(201);
      // A malformed escape in a path is the client's error, on the fast lane and off it.
      for (const path of ["/api/v1/tasks/%E0%A4%A/ranking", "/api/v1/tasks/%E0%A4%A/skip"]) {
        const malformed = await labeler.api.post<ErrorBody>(path, { ranking: [] });
        expect(malformed.status, path).toBe(400);
        expect(malformed.body.error.code).toBe("BAD_REQUEST");
      }
    });
  });
});
