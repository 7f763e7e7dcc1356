// The evaluate job and reward scoring on both databases: an evaluate job compares a base policy and a child on eval
// prompts (through the real worker loop), its result comes back from GET /api/v1/jobs/:id and GET /api/v1/evaluations
// and shows on the models page; POST /api/v1/models/:id/score returns the reward model's scores (the same as scoring
// in this process), bounded in items, completions and characters, admin only.
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { MAX_SCORE_COMPLETIONS, MAX_SCORE_COMPLETIONS_PER_ITEM, MAX_SCORE_ITEMS, MAX_SCORE_TEXT_CHARS } from "@/lib/models";
import type { EvaluationResult } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { Gpt } from "@/lib/ml/model/gpt";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { rewardModelScorer } from "@/lib/ml/rl";
import { trainBpe, type Tokenizer } from "@/lib/ml/tokenizer";
import { newId } from "@/lib/util/id";
import { loadRewardModel } from "@/workers/ml/load-models";
import { encodeCompletion, encodePrompt } from "@/workers/ml/text";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser, uniq } from "../support/factories";
import { checkpointStore, runTestWorker, TINY_TEXT, tinyModelConfig } from "./worker-fixtures";

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

interface ScoreBody {
  modelVersionId: string;
  normalisation: { mean: number; std: number };
  items: { scores: number[]; normalisedScores: number[] }[];
}

/** A policy or reward model version (random tiny weights) in the database's store; never made active. */
async function createVersion(db: Db, options: { kind: "POLICY" | "REWARD"; tokenizer: Tokenizer; seed: number; parentId?: string }): Promise<{ id: string; name: string }> {
  const config = tinyModelConfig(options.tokenizer.vocabSize);
  const model = options.kind === "POLICY" ? Gpt.create({ config, seed: options.seed }) : RewardModel.create({ config, seed: options.seed });
  const id = newId();
  const name = uniq(options.kind === "POLICY" ? "eval-policy" : "eval-reward");
  const artifactKey = `models/test-${id}`;
  await checkpointStore(db).save(artifactKey, {
    kind: options.kind === "POLICY" ? "policy" : "reward",
    config: { model: config },
    tokenizer: options.tokenizer.toJSON(),
    weights: await model.exportWeights(),
    optimizer: null,
    step: 0,
    bestMetric: null,
    extra: options.kind === "REWARD" ? { normalisation: { mean: 0.5, std: 2 } } : {},
  });
  model.dispose();
  await db.modelVersion.create({ data: { id, kind: options.kind, name, parentId: options.parentId, config: { model: config }, metrics: {}, artifactKey } });
  return { id, name };
}

describeEachDatabase("evaluation and reward scoring", (env) => {
  let admin: ApiClient;
  let labeler: ApiClient;
  let base: { id: string; name: string };
  let child: { id: string; name: string };
  let reward: { id: string; name: string };
  const tag = uniq("evalset");
  const evalPromptIds: string[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    await selectBackend({ force: "wasm" });
    const a = await createTestUser(env.db, { role: "ADMIN" });
    admin = new ApiClient(env.baseUrl);
    await admin.login(a.email, a.password);
    const l = await createTestUser(env.db);
    labeler = new ApiClient(env.baseUrl);
    await labeler.login(l.email, l.password);
    const tokenizer = trainBpe({ text: TINY_TEXT, vocabSize: 300 });
    base = await createVersion(env.db, { kind: "POLICY", tokenizer, seed: 7 });
    child = await createVersion(env.db, { kind: "POLICY", tokenizer, seed: 8, parentId: base.id });
    reward = await createVersion(env.db, { kind: "REWARD", tokenizer, seed: 3 });
    // Three eval prompts and one train prompt with the tag: the selector {tags, split: "eval"} picks the three.
    for (let i = 0; i < 4; i++) {
      const p = await env.db.prompt.create({ data: { text: `${tag} the cat sat ${i}`, textHash: uniq("h"), split: i < 3 ? "eval" : "train" } });
      await env.db.promptTag.create({ data: { promptId: p.id, tag } });
      if (i < 3) evalPromptIds.push(p.id);
    }
  });

  it("an evaluate job compares the versions on the eval prompts, and its result comes back from the API and the models page", async () => {
    const queued = await admin.post<{ job: { id: string } }>("/api/v1/jobs", {
      type: "evaluate",
      config: {
        policyIds: [base.id, child.id],
        rewardModelId: reward.id,
        prompts: { tags: [tag], split: "eval" },
        samplesPerPrompt: 2,
        sampling: { maxTokens: 6 },
        storedPrompts: 2,
      },
    });
    expect(queued.status).toBe(202);
    expect(await runTestWorker({ db: env.db, lines, types: ["evaluate"] }), lines.join("\n")).toEqual(["succeeded"]);

    const res = await admin.get<{ job: { status: string; result: EvaluationResult } }>(`/api/v1/jobs/${queued.body.job.id}`);
    expect(res.status).toBe(200);
    expect(res.body.job.status).toBe("SUCCEEDED");
    const result = res.body.job.result;
    expect(result).toMatchObject({ kind: "evaluation", rewardModelId: reward.id, referenceId: base.id, prompts: 3, samplesPerPrompt: 2, maxTokens: 6 });
    expect(result.versions.map((v) => [v.id, v.name])).toEqual([
      [base.id, base.name],
      [child.id, child.name],
    ]);
    const [b, c] = result.versions;
    // The baseline against itself: half its pairs "won", no divergence from the reference (itself).
    expect(b?.winRate).toBe(0.5);
    expect(b?.klToReference).toBe(0);
    expect(c?.klToReference).not.toBe(0);
    for (const v of result.versions) {
      for (const x of [v.rewardMean, v.rewardStd, v.rewardNormalisedMean, v.winRate, v.klToReference, v.eosRate, v.meanLength, v.distinct1, v.distinct2, v.newlineRate, v.repetitionRate]) {
        expect(Number.isFinite(x)).toBe(true);
      }
      expect(v.rewardNormalisedMean).toBeCloseTo((v.rewardMean - 0.5) / 2, 6);
      expect(v.meanLength).toBeGreaterThan(0);
      expect(v.meanLength).toBeLessThanOrEqual(6);
    }
    // Completions side by side: storedPrompts prompts of the selected set, one completion per version.
    expect(result.samples).toHaveLength(2);
    for (const s of result.samples) {
      expect(evalPromptIds).toContain(s.promptId);
      expect(s.completions).toHaveLength(2);
    }

    const listed = await admin.get<{ evaluations: { jobId: string }[] }>(`/api/v1/evaluations?modelId=${child.id}&limit=5`);
    expect(listed.status).toBe(200);
    expect(listed.body.evaluations.map((e) => e.jobId)).toContain(queued.body.job.id);
    const other = await admin.get<{ evaluations: { jobId: string }[] }>(`/api/v1/evaluations?modelId=${uniq("none")}`);
    expect(other.body.evaluations).toEqual([]);
    expect((await admin.get("/api/v1/evaluations?limit=0")).status).toBe(400);
    expect((await labeler.get("/api/v1/evaluations")).status).toBe(403);

    const page = await admin.get("/admin/models");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Evaluations");
    expect(page.text).toContain("Win rate");
    expect(page.text).toContain('data-testid="evaluation-row"');
    expect(page.text).toContain(child.name);
  }, 300_000);

  it("scores completions with a reward model version: the same scores as scoring in process, singly or in a batch", async () => {
    const prompt = "the cat sat on the mat.";
    const completions = ["a dog ran to the park", "good answers are short"];
    const single = await admin.post<ScoreBody>(`/api/v1/models/${reward.id}/score`, { prompt, completions });
    expect(single.status, single.text).toBe(200);
    expect(single.body.modelVersionId).toBe(reward.id);
    expect(single.body.normalisation).toEqual({ mean: 0.5, std: 2 });
    const [item] = single.body.items;
    expect(item?.scores).toHaveLength(2);

    const version = await env.db.modelVersion.findUniqueOrThrow({ where: { id: reward.id }, select: { artifactKey: true } });
    const rm = await loadRewardModel({ store: checkpointStore(env.db), key: version.artifactKey });
    const promptIds = encodePrompt(rm.tokenizer, prompt);
    const responses = completions.map((c) => encodeCompletion(rm.tokenizer, c));
    const expected = await rewardModelScorer({ rewardModel: rm.model, padId: rm.tokenizer.padId })({
      prompts: responses.map(() => promptIds),
      responses,
      endedWithEos: responses.map(() => true),
    });
    rm.model.dispose();
    item?.scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i] as number, 4));
    item?.normalisedScores.forEach((s, i) => expect(s).toBeCloseTo(((item.scores[i] as number) - 0.5) / 2, 6));

    const batch = await admin.post<ScoreBody>(`/api/v1/models/${reward.id}/score`, {
      items: [
        { prompt, completions: [completions[1]] },
        { prompt: "a dog", completions: ["ran", "sat", "kind"] },
      ],
    });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.body.items.map((i) => i.scores.length)).toEqual([1, 3]);
    expect(batch.body.items[0]?.scores[0]).toBeCloseTo(item?.scores[1] as number, 4);
  }, 300_000);

  it("refuses scoring requests beyond the bounds naming the limit, a policy version, an unknown id and a labeler", async () => {
    const url = `/api/v1/models/${reward.id}/score`;
    const long = "x".repeat(MAX_SCORE_TEXT_CHARS + 1);
    const cases: [body: unknown, status: number, path: string][] = [
      [{ items: Array.from({ length: MAX_SCORE_ITEMS + 1 }, () => ({ prompt: "p", completions: ["c"] })) }, 400, "items"],
      [{ prompt: "p", completions: Array.from({ length: MAX_SCORE_COMPLETIONS_PER_ITEM + 1 }, () => "c") }, 400, "completions"],
      [{ prompt: long, completions: ["c"] }, 400, "prompt"],
      [{ prompt: "p", completions: [long] }, 400, "completions.0"],
      [{ prompt: "p", completions: ["c"], items: [{ prompt: "p", completions: ["c"] }] }, 400, "items"],
      [{ completions: ["c"] }, 400, "prompt"],
      [{ prompt: "p", completions: [] }, 400, "completions"],
    ];
    for (const [body, status, path] of cases) {
      const res = await admin.post<ErrorBody>(url, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.error.details?.map((d) => d.path)).toContain(path);
    }
    const perItem = Math.ceil((MAX_SCORE_COMPLETIONS + 1) / 4);
    const tooMany = await admin.post<ErrorBody>(url, { items: Array.from({ length: 4 }, () => ({ prompt: "p", completions: Array.from({ length: perItem }, () => "c") })) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.message).toContain(String(MAX_SCORE_COMPLETIONS));
    const policy = await admin.post<ErrorBody>(`/api/v1/models/${base.id}/score`, { prompt: "p", completions: ["c"] });
    expect(policy.status).toBe(422);
    expect((await admin.post(`/api/v1/models/${uniq("none")}/score`, { prompt: "p", completions: ["c"] })).status).toBe(404);
    expect((await labeler.post(url, { prompt: "p", completions: ["c"] })).status).toBe(403);
  });
});
