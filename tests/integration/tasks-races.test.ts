// Two labeler operations on the same task at the same moment, over real HTTP against the test servers (two web
// processes each), on both databases: every pair of rank (with a key, twice with the same key, twice without one),
// skip, lease renewal and flag, and a claim of the next task beside each of rank, skip and renewal, many rounds each. Each round must end in one of the outcomes the pair allows (never
// a 5xx), and the task's slot accounting must add up afterwards: leases holding a slot + rankings = slotsTaken ≤
// requiredRankings, closed only when full, at most one ranking or one skip per labeler (never both), and a renewal
// that answered 200 leaves a lease that holds a slot. And a claim beside another transaction that holds the
// comparison for a moment (the quality refresh; a renewal of an expired lease) waits for it and serves the task.
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { createTestComparisons, type TestComparison } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, type Labeler, type TaskBody } from "./tasks-support";

const ROUNDS = 20;
const REQUIRED = 2;

type Op = "rank" | "rank without a key" | "skip" | "renew" | "flag" | "next";

interface Outcome {
  op: Op;
  status: number;
  body: unknown;
}

/** The pairs, and the statuses each may answer (in the pair's order); any other combination is a defect. */
const PAIRS: { ops: [Op, Op]; allowed: [number, number][] }[] = [
  { ops: ["rank", "rank"], allowed: [[201, 200], [200, 201]] }, // a double submit with the same idempotency key
  { ops: ["rank without a key", "rank without a key"], allowed: [[201, 409], [409, 201]] },
  { ops: ["rank", "skip"], allowed: [[201, 409], [409, 200]] },
  { ops: ["rank", "renew"], allowed: [[201, 200], [201, 409]] },
  { ops: ["rank", "flag"], allowed: [[201, 201]] },
  { ops: ["skip", "skip"], allowed: [[200, 200]] },
  { ops: ["skip", "renew"], allowed: [[200, 200], [200, 409]] },
  { ops: ["skip", "flag"], allowed: [[200, 201]] },
  { ops: ["renew", "renew"], allowed: [[200, 200]] },
  { ops: ["renew", "flag"], allowed: [[200, 201]] },
  { ops: ["flag", "flag"], allowed: [[201, 201]] },
  // The only open comparison is the task itself: a claim returns the live lease, or takes the expired one's slot again.
  { ops: ["next", "rank"], allowed: [[200, 201]] },
  { ops: ["next", "skip"], allowed: [[200, 200]] },
  { ops: ["next", "renew"], allowed: [[200, 200]] },
];

describeEachDatabase("two labeler operations on the same task at once", (env) => {
  /**
   * The labeler's lease on the task, as a claim leaves it: even rounds a live lease holding a slot, odd rounds one
   * that expired and gave its slot back (a late ranking or renewal takes a slot again while there is room).
   */
  async function lease(db: Db, c: TestComparison, labeler: Labeler, round: number): Promise<void> {
    const held = round % 2 === 0;
    await db.$transaction([
      db.lease.create({
        data: {
          comparisonId: c.id,
          userId: labeler.id,
          shownOrder: c.completionIds,
          slotHeld: held,
          expiresAt: new Date(Date.now() + (held ? 600_000 : -60_000)),
        },
      }),
      db.comparison.update({ where: { id: c.id }, data: { slotsTaken: held ? 1 : 0, open: true } }),
    ]);
  }

  async function perform(op: Op, c: TestComparison, labeler: Labeler): Promise<Outcome> {
    const task = `/api/v1/tasks/${c.id}`;
    const res =
      op === "rank"
        ? await labeler.api.post(`${task}/ranking`, { ranking: c.completionIds, idempotencyKey: `race-${c.id}` })
        : op === "rank without a key"
          ? await labeler.api.post(`${task}/ranking`, { ranking: c.completionIds })
          : op === "skip"
            ? await labeler.api.post(`${task}/skip`, { reason: "race" })
            : op === "renew"
              ? await labeler.api.post(`${task}/lease`)
              : op === "next"
                ? await labeler.api.get("/api/v1/tasks/next")
                : await labeler.api.post(`/api/v1/completions/${c.completionIds[0]}/flag`, { reason: "broken" });
    return { op, status: res.status, body: res.body };
  }

  /** What is wrong with the task after a round (empty when nothing is). */
  async function problemsAfter(db: Db, c: TestComparison, labeler: Labeler, outcomes: Outcome[]): Promise<string[]> {
    const [row, leases, rankings, skips, flags] = await Promise.all([
      db.comparison.findUniqueOrThrow({ where: { id: c.id }, select: { slotsTaken: true, rankingCount: true, open: true, requiredRankings: true } }),
      db.lease.findMany({ where: { comparisonId: c.id }, select: { userId: true, slotHeld: true, expiresAt: true } }),
      db.ranking.findMany({ where: { comparisonId: c.id }, select: { userId: true, id: true } }),
      db.skip.findMany({ where: { comparisonId: c.id }, select: { userId: true, id: true } }),
      db.flag.count({ where: { completionId: c.completionIds[0], userId: labeler.id } }),
    ]);
    const problems: string[] = [];
    const held = leases.filter((l) => l.slotHeld).length;
    if (row.slotsTaken !== held + rankings.length) {
      problems.push(`slotsTaken ${row.slotsTaken} but ${held} leases hold a slot and ${rankings.length} rankings are stored`);
    }
    if (row.rankingCount !== rankings.length) problems.push(`rankingCount ${row.rankingCount} but ${rankings.length} rankings`);
    if (row.slotsTaken > row.requiredRankings) problems.push(`slotsTaken ${row.slotsTaken} > requiredRankings ${row.requiredRankings}`);
    if (row.open !== row.slotsTaken < row.requiredRankings) problems.push(`open is ${row.open} with ${row.slotsTaken} of ${row.requiredRankings} slots taken`);
    if (rankings.length > 1) problems.push(`${rankings.length} rankings by one labeler`);
    if (skips.length > 1) problems.push(`${skips.length} skips by one labeler`);
    if (rankings.length && skips.length) problems.push("both a ranking and a skip by one labeler");
    if (leases.length && (rankings.length || skips.length)) problems.push("a lease beside the labeler's ranking or skip");

    const ok = (op: Op) => outcomes.some((o) => o.op === op && o.status < 300);
    const ranked = ok("rank") || ok("rank without a key");
    if (ranked && (rankings.length !== 1 || leases.length !== 0)) problems.push("a ranking was answered but is not stored in place of the lease");
    if (ok("skip") && !ranked && (skips.length !== 1 || leases.length !== 0)) problems.push("a skip was answered but is not stored in place of the lease");
    if (ok("renew") && !ranked && !ok("skip")) {
      const mine = leases[0];
      if (!mine?.slotHeld || mine.expiresAt.getTime() < Date.now()) problems.push("a renewal answered 200 but the lease holds no live slot");
    }
    const flagged = outcomes.filter((o) => o.op === "flag" && o.status === 201).length;
    if (flags !== flagged) problems.push(`${flagged} flags answered 201 but ${flags} are stored`);
    return problems;
  }

  for (const { ops, allowed } of PAIRS) {
    it(`${ops[0]} and ${ops[1]} at once end in an allowed outcome, never a 5xx, and leave the slots adding up`, async () => {
      const labeler = await signedInUser(env.db, env.baseUrl);
      const comparisons = await createTestComparisons(env.db, { count: ROUNDS, requiredRankings: REQUIRED });
      const failures: string[] = [];
      for (const [round, c] of comparisons.entries()) {
        await lease(env.db, c, labeler, round);
        if (ops.includes("next")) await parkOtherComparisons(env.db, [c.id]);
        const outcomes = await Promise.all(ops.map((op) => perform(op, c, labeler)));
        const statuses = outcomes.map((o) => o.status);
        const problems = await problemsAfter(env.db, c, labeler, outcomes);
        if (!allowed.some(([a, b]) => statuses[0] === a && statuses[1] === b)) {
          problems.unshift(`answered ${statuses.join(" and ")} (${outcomes.map((o) => JSON.stringify(o.body)).join(" / ")})`);
        }
        if (problems.length) failures.push(`round ${round} (${round % 2 === 0 ? "live lease" : "expired lease"}): ${problems.join("; ")}`);
      }
      expect(failures, `${failures.length} of ${ROUNDS} rounds went wrong`).toEqual([]);
    });
  }

  it("serves a comparison that another transaction holds for a moment (the quality refresh after a ranking), once it lets go, instead of answering that there is no task", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: REQUIRED });
    await parkOtherComparisons(env.db, [c!.id]);
    let claim: Promise<Outcome> | undefined;
    // The refresh writes the comparison's quality columns in its own transaction: on PostgreSQL it holds the row's
    // lock, on SQLite the write lock, until it commits.
    await env.db.$transaction(async (tx) => {
      await tx.comparison.update({ where: { id: c!.id }, data: { qualityStale: false } });
      claim = perform("next", c!, labeler);
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    const outcome = await claim!;
    expect(outcome.status).toBe(200);
    expect((outcome.body as TaskBody).task?.id).toBe(c!.id);
  });

  it("a claim that waited while a renewal took back its expired lease's slot returns that task and counts the slot once", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const [c] = await createTestComparisons(env.db, { count: 1, requiredRankings: REQUIRED });
    await parkOtherComparisons(env.db, [c!.id]);
    await lease(env.db, c!, labeler, 1); // expired, its slot given back
    let claim: Promise<Outcome> | undefined;
    // What a renewal of the expired lease writes, held open while the claim reads its candidates.
    await env.db.$transaction(async (tx) => {
      await tx.comparison.update({ where: { id: c!.id }, data: { slotsTaken: { increment: 1 } } });
      await tx.lease.updateMany({ where: { comparisonId: c!.id, userId: labeler.id }, data: { slotHeld: true, expiresAt: new Date(Date.now() + 600_000) } });
      claim = perform("next", c!, labeler);
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    const outcome = await claim!;
    expect(outcome.status).toBe(200);
    expect((outcome.body as TaskBody).task?.id).toBe(c!.id);
    expect(await problemsAfter(env.db, c!, labeler, [outcome])).toEqual([]);
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: c!.id } })).slotsTaken).toBe(1);
  });

  describe("the status each operation answers once the other has won", () => {
    it("answers 409 to a ranking or a renewal of a task the labeler skipped, and 409 to a skip of a task they ranked", async () => {
      const labeler = await signedInUser(env.db, env.baseUrl);
      const [skipped, ranked] = await createTestComparisons(env.db, { count: 2, requiredRankings: REQUIRED });
      await lease(env.db, skipped!, labeler, 0);
      await lease(env.db, ranked!, labeler, 0);
      expect((await perform("skip", skipped!, labeler)).status).toBe(200);
      expect((await perform("rank", skipped!, labeler)).status).toBe(409);
      expect((await perform("renew", skipped!, labeler)).status).toBe(409);
      expect((await perform("rank", ranked!, labeler)).status).toBe(201);
      expect((await perform("skip", ranked!, labeler)).status).toBe(409);
      expect((await perform("renew", ranked!, labeler)).status).toBe(409);
    });
  });
});
