// Active selection over real HTTP on both databases: a project whose selection is "active" serves its most uncertain
// untouched comparisons first — drawn at random among the top few, with a share of claims in the usual order — while
// a "random" project, or an active one with nothing scored yet, serves exactly the usual order (closest to done, then
// oldest) whatever the uncertainty;
// concurrent claims on an active project never overfill a comparison; a generate job's preferUncertain selection puts
// the prompts with the most uncertain comparisons first. Each test uses its own members-only project at a priority
// above every other, so other suites' comparisons are never candidates.
import { expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { importPromptItems } from "@/lib/data";
import { selectGenerationPrompts } from "@/lib/jobs";
import { uniq } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { signedInUser, signedInUsers, type Labeler, type TaskBody } from "./tasks-support";

/** A members-only project above every other (its members are served nothing else while it has work). */
async function createProject(db: Db, selection: "random" | "active", members: Labeler[]): Promise<string> {
  const project = await db.project.create({
    data: { name: uniq("active-sel"), selection, allLabelers: false, priority: 1_000_000, goldRate: 0, requiredRankings: 1 },
    select: { id: true },
  });
  await db.projectMember.createMany({ data: members.map((m) => ({ projectId: project.id, userId: m.id })) });
  return project.id;
}

/**
 * `count` comparisons (one ranking each) and their prompts, one second apart in creation, oldest first; the newest `high` of them get
 * distinct high uncertainties (0.30, 0.31, …: newest highest), the rest a low one — or null for every third.
 */
async function createComparisons(db: Db, projectId: string, count: number, high: number): Promise<{ ids: string[]; uncertainty: Map<string, number | null> }> {
  const tag = uniq("as");
  const raw = Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    value: { prompt: `${tag} prompt ${i}`, completions: Array.from({ length: 5 }, (_, k) => `${tag} completion ${i}.${k}`) },
  }));
  const report = await importPromptItems({ db, raw, projectId, requiredRankings: 1 });
  const ids = report.results.flatMap((r) => (r.status === "imported" && r.comparisonId ? [r.comparisonId] : []));
  expect(ids).toHaveLength(count);
  const uncertainty = new Map<string, number | null>();
  const start = Date.now() - 3_600_000;
  for (const [i, id] of ids.entries()) {
    const u = i >= count - high ? 0.3 + (i - (count - high)) / 100 : i % 3 === 0 ? null : 0.01;
    uncertainty.set(id, u);
    const row = await db.comparison.update({ where: { id }, data: { createdAt: new Date(start + i * 1000), uncertainty: u }, select: { promptId: true } });
    await db.prompt.update({ where: { id: row.promptId }, data: { createdAt: new Date(start + i * 1000) } });
  }
  return { ids, uncertainty };
}

/** Claims and skips `n` times in a row: the comparison ids served, in order. */
async function claimAndSkip(labeler: Labeler, n: number): Promise<string[]> {
  const served: string[] = [];
  for (let i = 0; i < n; i++) {
    const next = await labeler.api.get<TaskBody>("/api/v1/tasks/next");
    expect(next.status).toBe(200);
    const task = next.body.task;
    if (!task) break;
    served.push(task.id);
    expect((await labeler.api.post(`/api/v1/tasks/${task.id}/skip`, {})).status).toBe(200);
  }
  return served;
}

describeEachDatabase("active selection of tasks", (env) => {
  it("serves an active project's most uncertain untouched comparisons first, at random among the top few, some in the usual order", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const projectId = await createProject(env.db, "active", [labeler]);
    const { ids, uncertainty } = await createComparisons(env.db, projectId, 100, 50);
    const served = await claimAndSkip(labeler, 40);
    expect(served).toHaveLength(40);
    expect(new Set(served).size).toBe(40);
    const isHigh = (id: string) => (uncertainty.get(id) ?? 0) >= 0.3;
    const high = served.filter(isHigh);
    // Usual order would serve only the 50 oldest (all low) in 40 claims. Active: ≈ 3 in 4 claims take a high one
    // (binomial 40 × 0.75: mean 30, sd 2.7); the bound 18 fails with probability < 1e-5.
    expect(high.length).toBeGreaterThanOrEqual(18);
    // A quarter of the claims take the usual order (the oldest untouched): P(none in 40) = 0.75^40 ≈ 1e-5.
    const low = served.filter((id) => !isHigh(id));
    expect(low.length).toBeGreaterThanOrEqual(1);
    expect(low).toEqual(ids.filter((id) => low.includes(id))); // the low ones oldest first
    // Drawn at random among the top 8, not strictly by uncertainty: the high ones do not come in descending order.
    const values = high.map((id) => uncertainty.get(id) ?? 0);
    expect(values).not.toEqual([...values].sort((a, b) => b - a));
    // Still one lease per task taken, one skip per claim, no comparison over its cap.
    const rows = await env.db.comparison.findMany({ where: { projectId }, select: { slotsTaken: true, requiredRankings: true } });
    for (const r of rows) expect(r.slotsTaken).toBeLessThanOrEqual(r.requiredRankings);
    expect(await env.db.skip.count({ where: { userId: labeler.id } })).toBe(40);
  });

  it("serves a random project in the usual order (oldest untouched first), whatever the uncertainty", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const projectId = await createProject(env.db, "random", [labeler]);
    const { ids } = await createComparisons(env.db, projectId, 30, 15);
    expect(await claimAndSkip(labeler, 20)).toEqual(ids.slice(0, 20));
  });

  it("serves an active project with nothing scored yet in the usual order, as a random one", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const projectId = await createProject(env.db, "active", [labeler]);
    const { ids } = await createComparisons(env.db, projectId, 20, 5);
    await env.db.comparison.updateMany({ where: { projectId }, data: { uncertainty: null } });
    expect(await claimAndSkip(labeler, 12)).toEqual(ids.slice(0, 12));
  });

  it("gives each comparison of an active project to one labeler only when many claim at once", async () => {
    const labelers = await signedInUsers(env.db, env.baseUrl, 8);
    const projectId = await createProject(env.db, "active", labelers);
    const { ids } = await createComparisons(env.db, projectId, 12, 6);
    const tasks = await Promise.all(labelers.map((l) => l.api.get<TaskBody>("/api/v1/tasks/next")));
    for (const t of tasks) expect(t.status).toBe(200);
    const served = tasks.flatMap((t) => (t.body.task ? [t.body.task.id] : []));
    expect(served).toHaveLength(8); // 12 comparisons, one slot each: everyone gets one
    expect(new Set(served).size).toBe(8);
    const rows = await env.db.comparison.findMany({ where: { id: { in: ids } }, select: { id: true, slotsTaken: true, open: true } });
    for (const r of rows) {
      expect(r.slotsTaken).toBe(served.includes(r.id) ? 1 : 0);
      expect(r.open).toBe(!served.includes(r.id));
    }
  });

  it("selects the prompts with the most uncertain comparisons first for a generate job with preferUncertain", async () => {
    const labeler = await signedInUser(env.db, env.baseUrl);
    const projectId = await createProject(env.db, "active", [labeler]);
    const { ids, uncertainty } = await createComparisons(env.db, projectId, 10, 3);
    const promptOf = new Map((await env.db.comparison.findMany({ where: { id: { in: ids } }, select: { id: true, promptId: true } })).map((c) => [c.id, c.promptId]));
    const generator = { modelVersionId: uniq("no-such-version") };
    const usual = await selectGenerationPrompts({ db: env.db, mode: "all", generator, limit: 5, projectId });
    expect(usual.map((p) => p.id)).toEqual(ids.slice(0, 5).map((id) => promptOf.get(id)));
    const preferred = await selectGenerationPrompts({ db: env.db, mode: "all", generator, limit: 5, projectId, preferUncertain: true });
    const byUncertainty = [...ids].sort((a, b) => (uncertainty.get(b) ?? -1) - (uncertainty.get(a) ?? -1));
    // The three high ones (most uncertain first), then the low scored ones — the unscored prompts after all scored ones.
    expect(preferred.slice(0, 3).map((p) => p.id)).toEqual(byUncertainty.slice(0, 3).map((id) => promptOf.get(id)));
    expect(preferred).toHaveLength(5);
    expect(new Set(preferred.map((p) => p.id)).size).toBe(5);
  });
});
