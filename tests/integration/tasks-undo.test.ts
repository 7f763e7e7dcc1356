// Undo of a ranking over real HTTP on both databases: the labeler's latest ranking within the window moves into
// RankingUndo and becomes a live lease again (same shown order, slot kept, one ranking fewer); every refusal names
// its reason and changes nothing; an undo racing another labeler's claim never over-assigns the comparison, and
// tasks:repair agrees with the counters afterwards.
import { expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { repairTaskSlots } from "@/lib/tasks";
import { createTestComparisons, uniq, type TestComparison } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, type ErrorBody, type Labeler, type RankingBody, type TaskBody } from "./tasks-support";

interface UndoBody {
  undoneRankingId: string;
  order: string[];
  task: NonNullable<TaskBody["task"]>;
}

describeEachDatabase("undo of a ranking", (env) => {
  /** The labeler holds a live lease on `c` (as a claim leaves it), then ranks it; returns the ranking. */
  async function rank(labeler: Labeler, c: TestComparison, order = [...c.completionIds].reverse()) {
    const before = await env.db.comparison.findUniqueOrThrow({ where: { id: c.id } });
    await env.db.$transaction([
      env.db.lease.create({
        data: { comparisonId: c.id, userId: labeler.id, shownOrder: c.completionIds, slotHeld: true, expiresAt: new Date(Date.now() + 600_000) },
      }),
      env.db.comparison.update({
        where: { id: c.id },
        data: { slotsTaken: before.slotsTaken + 1, open: before.slotsTaken + 1 < before.requiredRankings },
      }),
    ]);
    const res = await labeler.api.post<RankingBody>(`/api/v1/tasks/${c.id}/ranking`, { ranking: order });
    expect(res.status, res.text).toBe(201);
    return res.body.ranking;
  }

  /** What an undo may change, to compare before and after a refused one. */
  async function state(db: Db, comparisonId: string) {
    const [comparison, rankings, leases, undos] = await Promise.all([
      db.comparison.findUniqueOrThrow({ where: { id: comparisonId }, select: { slotsTaken: true, rankingCount: true, open: true } }),
      db.ranking.findMany({ where: { comparisonId }, select: { id: true, userId: true }, orderBy: { id: "asc" } }),
      db.lease.findMany({ where: { comparisonId }, select: { userId: true, slotHeld: true }, orderBy: { userId: "asc" } }),
      db.rankingUndo.count({ where: { comparisonId } }),
    ]);
    return { comparison, rankings, leases, undos };
  }

  /** Held leases + rankings = slotsTaken ≤ requiredRankings, rankingCount = rankings, open exactly while not full. */
  async function expectSlotsAddUp(db: Db, comparisonId: string) {
    const c = await db.comparison.findUniqueOrThrow({ where: { id: comparisonId } });
    const held = await db.lease.count({ where: { comparisonId, slotHeld: true } });
    const ranked = await db.ranking.count({ where: { comparisonId } });
    expect(c.rankingCount).toBe(ranked);
    expect(c.slotsTaken).toBe(held + ranked);
    expect(c.slotsTaken).toBeLessThanOrEqual(c.requiredRankings);
    expect(c.open).toBe(c.slotsTaken < c.requiredRankings);
  }

  async function expectRefused(labeler: Labeler, comparisonId: string, body: unknown, status: number, reason: string) {
    const before = await state(env.db, comparisonId);
    const res = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${comparisonId}/ranking/undo`, body);
    expect(res.status, res.text).toBe(status);
    expect(res.body.error.details).toEqual({ reason });
    expect(res.body.error.message.length).toBeGreaterThan(10);
    expect(await state(env.db, comparisonId)).toEqual(before);
  }

  it("takes back the latest ranking: kept in RankingUndo, a live lease with the shown order again, and it can be ranked anew", async () => {
    const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
    await parkOtherComparisons(env.db, [c!.id]);
    const labeler = await signedInUser(env.db, env.baseUrl);
    const ranking = await rank(labeler, c!);
    expect(await env.db.comparison.findUniqueOrThrow({ where: { id: c!.id } })).toMatchObject({ slotsTaken: 1, rankingCount: 1 });

    const res = await labeler.api.post<UndoBody>(`/api/v1/tasks/${c!.id}/ranking/undo`, { rankingId: ranking.id });
    expect(res.status, res.text).toBe(200);
    expect(res.body.undoneRankingId).toBe(ranking.id);
    expect(res.body.order).toEqual([...c!.completionIds].reverse());
    expect(res.body.task.id).toBe(c!.id);
    expect(res.body.task.completions.map((x) => x.id)).toEqual(c!.completionIds);
    expect(Date.parse(res.body.task.leaseExpiresAt!)).toBeGreaterThan(Date.now());

    expect(await env.db.ranking.count({ where: { comparisonId: c!.id } })).toBe(0);
    const undo = await env.db.rankingUndo.findFirstOrThrow({ where: { rankingId: ranking.id } });
    expect(undo).toMatchObject({ comparisonId: c!.id, userId: labeler.id });
    expect(undo.ranking).toMatchObject({ order: [...c!.completionIds].reverse(), shownOrder: c!.completionIds });
    const lease = await env.db.lease.findUniqueOrThrow({ where: { comparisonId_userId: { comparisonId: c!.id, userId: labeler.id } } });
    expect(lease.slotHeld).toBe(true);
    expect(lease.shownOrder).toEqual(c!.completionIds);
    expect(await env.db.comparison.findUniqueOrThrow({ where: { id: c!.id } })).toMatchObject({ slotsTaken: 1, rankingCount: 0, open: true });
    await expectSlotsAddUp(env.db, c!.id);
    const repair = await repairTaskSlots({ db: env.db });
    expect(repair.repaired.map((r) => r.comparisonId)).not.toContain(c!.id);

    // The labeler is given the task again, and ranks it anew (an empty body undoes "my ranking of this task").
    const again = await labeler.api.get<TaskBody>("/api/v1/tasks/next");
    expect(again.body.task?.id).toBe(c!.id);
    const reranked = await labeler.api.post<RankingBody>(`/api/v1/tasks/${c!.id}/ranking`, { ranking: c!.completionIds });
    expect(reranked.status).toBe(201);
    expect(await env.db.comparison.findUniqueOrThrow({ where: { id: c!.id } })).toMatchObject({ slotsTaken: 1, rankingCount: 1 });
    const second = await labeler.api.post<UndoBody>(`/api/v1/tasks/${c!.id}/ranking/undo`);
    expect(second.status, second.text).toBe(200);
    expect(await env.db.rankingUndo.count({ where: { comparisonId: c!.id } })).toBe(2);
    await expectSlotsAddUp(env.db, c!.id);
  });

  it("refuses, naming the reason and changing nothing: after the window, another's ranking, not the latest, unknown, in an export", async () => {
    const [c1, c2, c3] = await createTestComparisons(env.db, { count: 3, requiredRankings: 3 });
    const labeler = await signedInUser(env.db, env.baseUrl);
    const other = await signedInUser(env.db, env.baseUrl);

    // Unknown: no ranking of this labeler on the task, an unknown comparison, an unknown ranking id.
    await expectRefused(labeler, c1!.id, {}, 404, "unknown-ranking");
    const unknown = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${uniq("nope")}/ranking/undo`, {});
    expect(unknown.status).toBe(404);
    await expectRefused(labeler, c1!.id, { rankingId: uniq("r") }, 404, "unknown-ranking");

    // Someone else's ranking.
    const others = await rank(other, c1!);
    await expectRefused(labeler, c1!.id, { rankingId: others.id }, 403, "not-yours");
    await expectRefused(labeler, c1!.id, {}, 404, "unknown-ranking");

    // Not the latest: the labeler ranked c2 and then c3.
    await rank(labeler, c2!);
    await new Promise((r) => setTimeout(r, 5));
    await rank(labeler, c3!);
    await expectRefused(labeler, c2!.id, {}, 409, "not-latest");

    // In an export snapshot made after the ranking.
    const snapshot = await env.db.exportSnapshot.create({
      data: { name: uniq("snap"), format: "pairwise", filters: {}, counts: {}, contentHash: "x", size: 0, artifactKey: uniq("a") },
    });
    await expectRefused(labeler, c3!.id, {}, 409, "in-use");
    await env.db.exportSnapshot.delete({ where: { id: snapshot.id } });

    // After the window (30 s by default): the ranking was stored a minute ago.
    await env.db.ranking.updateMany({ where: { comparisonId: c3!.id, userId: labeler.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    await expectRefused(labeler, c3!.id, {}, 409, "window-passed");

    // Bad input never reaches the database.
    const bad = await labeler.api.post<ErrorBody>(`/api/v1/tasks/${c3!.id}/ranking/undo`, { rankingId: 5 });
    expect(bad.status).toBe(400);
    for (const id of [c1!.id, c2!.id, c3!.id]) await expectSlotsAddUp(env.db, id);
  });

  it("an undo racing another labeler's claim never over-assigns: the ranking's slot passes to the labeler's lease", async () => {
    for (let round = 0; round < 8; round++) {
      // Even rounds: the comparison is full (the undone slot must not go to the claimant); odd rounds: one free slot.
      const full = round % 2 === 0;
      const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: full ? 1 : 2 });
      await parkOtherComparisons(env.db, [c!.id]);
      const labeler = await signedInUser(env.db, env.baseUrl);
      const claimant = await signedInUser(env.db, env.baseUrl);
      await rank(labeler, c!);
      const [undo, claim] = await Promise.all([
        labeler.api.post<UndoBody>(`/api/v1/tasks/${c!.id}/ranking/undo`, {}),
        claimant.api.get<TaskBody>("/api/v1/tasks/next"),
      ]);
      expect(undo.status, undo.text).toBe(200);
      expect(claim.status, claim.text).toBe(200);
      // Full: the undone slot stays with the labeler. One free slot: the claimant takes it, or (PostgreSQL) skips the
      // comparison while the undo holds its row lock and is given nothing.
      if (full) expect(claim.body.task).toBeNull();
      else expect([c!.id, undefined]).toContain(claim.body.task?.id);
      const claimed = claim.body.task?.id === c!.id;
      const after = await env.db.comparison.findUniqueOrThrow({ where: { id: c!.id } });
      expect(after).toMatchObject({ rankingCount: 0, slotsTaken: full || !claimed ? 1 : 2, open: !full && !claimed });
      expect(await env.db.lease.count({ where: { comparisonId: c!.id, userId: labeler.id, slotHeld: true } })).toBe(1);
      await expectSlotsAddUp(env.db, c!.id);
      const repair = await repairTaskSlots({ db: env.db });
      expect(repair.repaired.map((r) => r.comparisonId)).not.toContain(c!.id);
    }
  });
});
