// A pairwise export large enough to span many database batches and response chunks, read slowly by the client:
// every ranking's pairs arrive exactly once with the right texts, and other requests to the web server are answered
// while the download is still open.
import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { createApiToken, type AuthUser } from "@/lib/auth";
import { exportJsonl } from "@/lib/data";
import { createTestComparisons, createTestUser, type TestComparison } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { parkOtherComparisons, signedInUser, type Labeler, type TaskBody } from "./tasks-support";

const COMPARISONS = 150;
const LABELERS = 3;

describeEachDatabase("a large export streamed alongside other requests", (env) => {
  let comparisons: TestComparison[];
  let token: string;
  let labeler: Labeler;
  let adminActor: AuthUser;
  const expected = new Map<string, string[]>(); // ranking id → order

  beforeAll(async () => {
    comparisons = await createTestComparisons(env.db, { count: COMPARISONS, requiredRankings: LABELERS });
    const users = await Promise.all(Array.from({ length: LABELERS }, () => createTestUser(env.db)));
    const rows = comparisons.flatMap((c) =>
      users.map((u) => {
        const order = [...c.completionIds].sort(() => Math.random() - 0.5);
        const id = `rk${randomBytes(8).toString("hex")}`;
        expected.set(id, order);
        return { id, comparisonId: c.id, userId: u.id, order, shownOrder: c.completionIds, durationMs: 1000 };
      }),
    );
    await env.db.ranking.createMany({ data: rows });
    await env.db.comparison.updateMany({
      where: { id: { in: comparisons.map((c) => c.id) } },
      data: { rankingCount: LABELERS, slotsTaken: LABELERS, open: false },
    });
    const admin = await createTestUser(env.db, { role: "ADMIN" });
    adminActor = { id: admin.id, email: admin.email, name: "admin", role: "ADMIN", via: "token" };
    token = (await createApiToken({ db: env.db, actor: adminActor, userId: admin.id, name: "export" })).token;
    labeler = await signedInUser(env.db, env.baseUrl);
  });

  it("sends every pair of every ranking exactly once while a labeler's requests are answered mid-download", async () => {
    const [open] = await createTestComparisons(env.db, { count: 1 });
    await parkOtherComparisons(env.db, [open!.id]);
    const res = await fetch(`${env.baseUrl}/api/v1/export?format=pairwise`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let chunks = 0;
    let answeredMidway = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      chunks += 1;
      if (chunks <= 3) {
        // The download is open and unread beyond this chunk: the same server answers a labeler.
        const me = await labeler.api.get<{ user: { id: string } }>("/api/v1/me");
        const task = await labeler.api.get<TaskBody>("/api/v1/tasks/next");
        expect(me.status).toBe(200);
        expect(task.body.task?.id).toBe(open!.id);
        answeredMidway += 1;
      }
    }
    expect(answeredMidway).toBe(3);
    expect(text.endsWith("\n")).toBe(true);
    const rows = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

    // Complete: one row per ordered pair of every ranking the default filters keep (gold and excluded comparisons,
    // which other suites leave behind, are left out; each order has 5 completions: 10 pairs, less the tied ones of a
    // ranking with ties, which pairwise leaves out).
    const all = await env.db.ranking.findMany({ where: { comparison: { gold: false, excludedAt: null } }, select: { order: true, ranks: true } });
    const pairs = all.reduce((n, r) => {
      const order = r.order as string[];
      const ranks = Array.isArray(r.ranks) ? (r.ranks as number[]) : order.map((_, i) => i + 1);
      let ordered = 0;
      for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (ranks[i] !== ranks[j]) ordered++;
      return n + ordered;
    }, 0);
    expect(rows).toHaveLength(pairs);

    // Correct: ours are exactly the 10 ordered pairs of each ranking, with the completions' texts.
    const texts = new Map(
      (await env.db.completion.findMany({ where: { id: { in: comparisons.flatMap((c) => c.completionIds) } }, select: { id: true, text: true } })).map((c) => [c.id, c.text]),
    );
    const ours = rows.filter((r) => expected.has(r.ranking_id as string));
    expect(ours).toHaveLength(expected.size * 10);
    const seen = new Set<string>();
    for (const row of ours) {
      const order = expected.get(row.ranking_id as string)!;
      const chosen = order.indexOf(row.chosen_id as string);
      const rejected = order.indexOf(row.rejected_id as string);
      expect(chosen).toBeGreaterThanOrEqual(0);
      expect(rejected).toBeGreaterThan(chosen);
      expect(row.margin).toBe(rejected - chosen);
      expect(row.chosen).toBe(texts.get(row.chosen_id as string));
      expect(row.rejected).toBe(texts.get(row.rejected_id as string));
      seen.add(`${row.ranking_id as string}:${row.chosen_id as string}:${row.rejected_id as string}`);
    }
    expect(seen.size).toBe(expected.size * 10);
  });

  it("gives other work on the process a turn of the event loop between chunks, however fast the reader", async () => {
    // Read in-process as fast as possible: with SQLite's synchronous driver nothing but the stream itself can let
    // the event loop turn (a reader on a socket would wait for drains).
    const { stream } = exportJsonl({ db: env.db, actor: adminActor, format: "pairwise" });
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns += 1;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const turnsAtChunk: number[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      turnsAtChunk.push(turns);
    }
    const turnsWhileReading = turns;
    reading = false;
    expect(turnsWhileReading).toBeGreaterThanOrEqual(turnsAtChunk.length);
    expect(turnsAtChunk.length).toBeGreaterThan(3); // bounded chunks, not one per database batch
    // Every chunk after the first was preceded by at least one turn of other work.
    for (let i = 1; i < turnsAtChunk.length; i++) expect(turnsAtChunk[i]).toBeGreaterThan(turnsAtChunk[i - 1] as number);
  });
});
