// A reward job, run by the real worker loop on a tiny model, scores the uncertainty of the open comparisons of the
// projects whose selection is "active" (Comparison.uncertainty), and only those: a random project's comparisons, or
// an active project outside the job's data filter, stay unscored, as does everything with uncertaintyHeads 0.
// SQLite only, like worker-learning: the scores are written through Prisma (both databases are covered by the
// claim tests in active-selection).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { importPromptItems } from "@/lib/data";
import { enqueueJob } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { createTestDatabase } from "../support/servers";
import { createTestUser, uniq } from "../support/factories";
import { createTinyPolicyVersion, runTestWorker } from "./worker-fixtures";
import { createRuleRankings, RULE_WORD } from "./learning-fixtures";

const REWARD_CONFIG = { steps: 30, batchSize: 8, lr: 3e-3, heldOutFraction: 0.25, evalEvery: 30, checkpointEvery: 1_000, seed: 3 };

describe("reward-model uncertainty of open comparisons [sqlite]", () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let admin: AuthUser;
  const lines: string[] = [];

  async function runReward(config: Record<string, unknown>): Promise<Record<string, unknown>> {
    const job = await enqueueJob({ db, actor: admin, type: "reward", config: { ...REWARD_CONFIG, ...config } });
    const results = await runTestWorker({ db, lines, leaseMs: 60_000, heartbeatMs: 500 });
    expect(results, lines.join("\n")).toEqual(["succeeded"]);
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { result: true } });
    return row.result as Record<string, unknown>;
  }

  /** A project with `count` open comparisons (words and "good"s mixed like the training data's). */
  async function projectWithComparisons(selection: "random" | "active", count: number): Promise<{ projectId: string; ids: string[] }> {
    const project = await db.project.create({ data: { name: uniq("unc"), selection, requiredRankings: 2 }, select: { id: true } });
    const raw = Array.from({ length: count }, (_, i) => ({
      line: i + 1,
      value: {
        prompt: `${uniq("q")} what is the dog like?`,
        completions: Array.from({ length: 5 }, (_, k) => [...Array.from({ length: (i + k) % 6 }, () => RULE_WORD), "the", "cat", "sat"].join(" ")),
      },
    }));
    const report = await importPromptItems({ db, raw, projectId: project.id });
    const ids = report.results.flatMap((r) => (r.status === "imported" && r.comparisonId ? [r.comparisonId] : []));
    expect(ids).toHaveLength(count);
    return { projectId: project.id, ids };
  }

  const uncertainties = async (ids: string[]) =>
    (await db.comparison.findMany({ where: { id: { in: ids } }, select: { uncertainty: true } })).map((c) => c.uncertainty);

  beforeAll(async () => {
    await selectBackend({ force: "wasm" });
    database = await createTestDatabase("sqlite");
    db = await openDb({ url: database.url, poolSize: 4 });
    const user = await createTestUser(db, { role: "ADMIN" });
    admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
    await createTinyPolicyVersion(db);
    await createRuleRankings(db, { count: 24, seed: 11 });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("scores every open comparison of an active project, and none of a random project or of the ranked data", async () => {
    const active = await projectWithComparisons("active", 6);
    const random = await projectWithComparisons("random", 4);
    const result = await runReward({});
    expect(result.uncertainty).toMatchObject({ scored: 6 });
    const scores = await uncertainties(active.ids);
    for (const u of scores) {
      expect(u).not.toBeNull();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThanOrEqual(0.5);
    }
    expect(new Set(scores).size).toBeGreaterThan(1); // different comparisons, different disagreement
    expect(await uncertainties(random.ids)).toEqual([null, null, null, null]);
    expect(await db.comparison.count({ where: { projectId: "default", uncertainty: { not: null } } })).toBe(0);
    expect(lines.some((l) => l.includes("uncertainty: 6 open comparison(s) scored by 8 heads"))).toBe(true);
  });

  it("leaves an active project outside the job's data filter unscored, and scores nothing with uncertaintyHeads 0", async () => {
    const outside = await projectWithComparisons("active", 3);
    const filtered = await runReward({ data: { filters: { projectId: "default" } } });
    expect(filtered.uncertainty).toMatchObject({ scored: 0 });
    expect(await uncertainties(outside.ids)).toEqual([null, null, null]);
    const off = await runReward({ uncertaintyHeads: 0 });
    expect(off.uncertainty).toBeUndefined();
    expect(await uncertainties(outside.ids)).toEqual([null, null, null]);
  });
});
