// What reward jobs train on, through the real worker loop on tiny models, on both databases (each on a fresh database
// of its own, so no other test's jobs are claimed): a job from a snapshot trains on the snapshot's stored rows — not
// on rankings that arrived later — and records the snapshot's id and content hash in its result and its model
// version; a job from filters records the filters and the counts, with gold and excluded comparisons left out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { createExportSnapshot, ZExportFilters } from "@/lib/data";
import { enqueueJob, selectGenerationPrompts, storeGeneratedComparisons } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { createTestDatabase } from "../support/servers";
import { createTestUser } from "../support/factories";
import { createTinyPolicyVersion, runTestWorker } from "./worker-fixtures";
import { createFilterWorld, makeComparison, type FilterWorld } from "./export-fixtures";

const REWARD_CONFIG = { steps: 3, batchSize: 4, heldOutFraction: 0, evalEvery: 100, checkpointEvery: 1_000, seed: 5 };
const DPO_CONFIG = { steps: 2, batchSize: 4, heldOutFraction: 0, evalEvery: 100, checkpointEvery: 1_000, seed: 5 };

for (const kind of ["sqlite", "postgresql"] as DbKind[]) {
  describe(`training data of reward jobs [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    let w: FilterWorld;
    const lines: string[] = [];

    async function runReward(config: Record<string, unknown>, type: "reward" | "dpo" = "reward") {
      const base = type === "reward" ? REWARD_CONFIG : DPO_CONFIG;
      const job = await enqueueJob({ db, actor: admin, type, config: { ...base, ...config } });
      const results = await runTestWorker({ db, lines, leaseMs: 60_000, heartbeatMs: 500 });
      expect(results, lines.join("\n")).toEqual(["succeeded"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id } });
      return { result: row.result as Record<string, unknown>, config: version.config as Record<string, unknown> };
    }

    beforeAll(async () => {
      await selectBackend({ force: "wasm" });
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      await createTinyPolicyVersion(db);
      w = await createFilterWorld(db);
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    it("trains from a snapshot on exactly its stored rows and records its id and content hash", async () => {
      const snapshot = await createExportSnapshot({
        db,
        actor: admin,
        name: "P for reward",
        format: "pairwise",
        options: { consensus: false, method: "ranked-pairs" },
        filters: ZExportFilters.parse({ projectId: w.projectP }),
      });
      expect(snapshot.counts.rankings).toBe(7);
      // Rankings that arrive after the snapshot are not in it, and not in the job's data.
      await makeComparison(db, { projectId: w.projectP, users: w.users, rankings: [{ labeler: "good1" }, { labeler: "good2" }, { labeler: "careless" }] });

      const { result, config } = await runReward({ data: { snapshotId: snapshot.id } });
      const cited = { snapshotId: snapshot.id, name: "P for reward", contentHash: snapshot.contentHash, format: "pairwise", counts: snapshot.counts };
      expect(result.data).toEqual(cited);
      expect(config.data).toEqual(cited);
      expect(result.rankings).toBe(7);
      expect(lines.join("\n")).toContain(`sha256 ${snapshot.contentHash}`);

      // A DPO job cites the snapshot the same way; its 7 rankings give 70 pairs.
      const dpo = await runReward({ data: { snapshotId: snapshot.id } }, "dpo");
      expect(dpo.result.data).toEqual(cited);
      expect(dpo.config.data).toEqual(cited);
      expect(dpo.result.pairs).toBe(70);
    }, 300_000);

    it("trains from live filters, gold and excluded left out, and records the filters and counts", async () => {
      const { result, config } = await runReward({ data: { filters: { projectId: [w.projectP], minGoldScore: 0.8 } } });
      // good1 and good2 in P: jan 2, feb 1, flagged 1, dismissed 1, and the comparison added above 2.
      const cited = {
        filters: { projectId: [w.projectP], minGoldScore: 0.8, excludeFlagged: false, includeExcluded: false, includeGold: false },
        counts: { comparisons: 5, rankings: 7, pairs: 70, labelers: 2 },
      };
      expect(result.data).toEqual(cited);
      expect(config.data).toEqual(cited);
      expect(result.rankings).toBe(7);
    }, 300_000);

    it("selects a generate job's prompts from its target project, and files the new comparisons under the prompt's project", async () => {
      const inQ = await db.prompt.create({ data: { projectId: w.projectQ, text: "a prompt of Q", textHash: `q-${w.projectQ}` }, select: { id: true } });
      await db.prompt.create({ data: { projectId: w.projectP, text: "a prompt of P", textHash: `p-${w.projectP}` }, select: { id: true } });
      const picked = await selectGenerationPrompts({ db, mode: "new", generator: { source: "external:test" }, limit: 100, projectId: w.projectQ });
      expect(picked.map((p) => p.id)).toEqual([inQ.id]);
      const everywhere = await selectGenerationPrompts({ db, mode: "new", generator: { source: "external:test" }, limit: 100 });
      expect(everywhere.length).toBe(2);
      await storeGeneratedComparisons({
        db,
        items: [{ promptId: inQ.id, completions: ["a", "b", "c", "d", "e"] }],
        source: "external:test",
        modelVersionId: null,
        requiredRankings: 3,
      });
      const stored = await db.comparison.findFirstOrThrow({ where: { promptId: inQ.id }, select: { projectId: true } });
      expect(stored.projectId).toBe(w.projectQ);
    });

    it("refuses a job on an unknown snapshot or an events snapshot without retrying", async () => {
      const events = await createExportSnapshot({
        db,
        actor: admin,
        name: "events",
        format: "events",
        options: { consensus: false, method: "ranked-pairs" },
        filters: ZExportFilters.parse({}),
      });
      for (const snapshotId of ["no-such-snapshot", events.id]) {
        const job = await enqueueJob({ db, actor: admin, type: "reward", config: { ...REWARD_CONFIG, data: { snapshotId } } });
        expect(await runTestWorker({ db, lines })).toEqual(["failed"]);
        const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        expect(row.status).toBe("FAILED");
        expect(row.attempts).toBe(1);
        expect(row.error).toMatch(snapshotId === events.id ? /events format/ : /No export snapshot/);
      }
    }, 300_000);
  });
}
