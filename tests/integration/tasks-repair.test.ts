// `podium tasks:repair` (lib/tasks/repair-task-slots) on both databases: comparisons left with a leaked slot, or with
// a labeler's ranking beside their skip, are recounted from their leases and rankings and reopened when short; a
// healthy comparison is left alone; a second run changes nothing; and the reopened comparison is offered again.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { repairTaskSlots } from "@/lib/tasks";
import { createTestComparisons, createTestUser, type TestComparison } from "../support/factories";
import { createTestDatabase } from "../support/servers";
import { describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, type TaskBody } from "./tasks-support";

const ROOT = path.resolve(__dirname, "..", "..");

describeEachDatabase("repairing the slot accounting of comparisons", (env) => {
  async function rankingBy(c: TestComparison, userId: string): Promise<void> {
    await env.db.ranking.create({
      data: { comparisonId: c.id, userId, order: c.completionIds, shownOrder: c.completionIds },
    });
  }

  /** What a renewal racing a ranking left before the fix: one ranking, a second slot taken by no lease, closed. */
  async function leakedSlot(): Promise<TestComparison> {
    const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: 2 });
    await rankingBy(c!, (await createTestUser(env.db)).id);
    await env.db.comparison.update({ where: { id: c!.id }, data: { slotsTaken: 2, rankingCount: 1, open: false } });
    return c!;
  }

  function counters(id: string) {
    return env.db.comparison.findUniqueOrThrow({
      where: { id },
      select: { slotsTaken: true, rankingCount: true, open: true },
    });
  }

  it("recounts slots from leases and rankings, reopens what closed short, drops a skip beside a ranking, and leaves healthy ones alone", async () => {
    const leaked = await leakedSlot();
    const [doubled, healthy] = await createTestComparisons(env.db, { count: 2, requiredRankings: 2 });
    const both = await createTestUser(env.db);
    await rankingBy(doubled!, both.id);
    await env.db.skip.create({ data: { comparisonId: doubled!.id, userId: both.id } });
    await env.db.comparison.update({ where: { id: doubled!.id }, data: { slotsTaken: 1, rankingCount: 1 } });
    const holder = await createTestUser(env.db);
    await env.db.lease.create({
      data: {
        comparisonId: healthy!.id,
        userId: holder.id,
        shownOrder: healthy!.completionIds,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await env.db.comparison.update({ where: { id: healthy!.id }, data: { slotsTaken: 1 } });

    const result = await repairTaskSlots({ db: env.db });
    expect(result.checked).toBeGreaterThanOrEqual(3);
    const byId = new Map(result.repaired.map((r) => [r.comparisonId, r]));
    expect(byId.get(leaked.id)).toMatchObject({
      before: { slotsTaken: 2, rankingCount: 1, open: false },
      after: { slotsTaken: 1, rankingCount: 1, open: true },
      skipsRemoved: 0,
    });
    expect(byId.get(doubled!.id)).toMatchObject({
      skipsRemoved: 1,
      after: { slotsTaken: 1, rankingCount: 1, open: true },
    });
    expect(byId.has(healthy!.id)).toBe(false);
    expect(await counters(leaked.id)).toEqual({ slotsTaken: 1, rankingCount: 1, open: true });
    expect(await counters(healthy!.id)).toEqual({ slotsTaken: 1, rankingCount: 0, open: true });
    expect(await env.db.skip.count({ where: { comparisonId: doubled!.id } })).toBe(0);
    expect(await env.db.ranking.count({ where: { comparisonId: doubled!.id } })).toBe(1);

    const again = await repairTaskSlots({ db: env.db });
    expect(again.repaired).toEqual([]);

    // The reopened comparison is offered again, and takes its missing ranking.
    await parkOtherComparisons(env.db, [leaked.id]);
    const labeler = await signedInUser(env.db, env.baseUrl);
    const next = await labeler.api.get<TaskBody>("/api/v1/tasks/next");
    expect(next.body.task?.id).toBe(leaked.id);
    const ranked = await labeler.api.post(`/api/v1/tasks/${leaked.id}/ranking`, { ranking: leaked.completionIds });
    expect(ranked.status).toBe(201);
    expect(await counters(leaked.id)).toEqual({ slotsTaken: 2, rankingCount: 2, open: false });
  });

  it("prints each change from `podium tasks:repair`, and nothing to change on a second run", async () => {
    // On a database of its own: the shared test database holds other tests' parked comparisons, which it would reopen.
    const own = await createTestDatabase(env.kind);
    const db = await openDb({ url: own.url, poolSize: 2 });
    try {
      const [c] = await createTestComparisons(db, { count: 1, requiredRankings: 2 });
      const user = await createTestUser(db);
      await db.ranking.create({
        data: { comparisonId: c!.id, userId: user.id, order: c!.completionIds, shownOrder: c!.completionIds },
      });
      await db.comparison.update({ where: { id: c!.id }, data: { slotsTaken: 2, rankingCount: 1, open: false } });
      const cli = (args: string[]) =>
        promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "podium.ts"), ...args], {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: own.url },
        });
      const first = await cli(["tasks:repair"]);
      expect(first.stdout).toContain(
        `comparison ${c!.id} (needs 2): slots 2, rankings 1, closed → slots 1, rankings 1, open`,
      );
      expect(first.stdout).toMatch(/checked \d+ comparisons: 1 repaired, 1 reopened/);
      expect(
        await db.comparison.findUniqueOrThrow({
          where: { id: c!.id },
          select: { slotsTaken: true, rankingCount: true, open: true },
        }),
      ).toEqual({
        slotsTaken: 1,
        rankingCount: 1,
        open: true,
      });
      const second = await cli(["tasks:repair"]);
      expect(second.stdout).toMatch(/checked \d+ comparisons: 0 repaired, 0 reopened/);
    } finally {
      await db.$disconnect();
      await own.drop();
    }
  });
});
