// Learning benchmark: does the reward model learn a preference that simulated labelers hold, and does active
// selection (GET /tasks/next preferring the comparisons the reward model is least sure about) learn it with fewer
// rankings than the usual order? The production web server (`next start` through server/web-server.ts) on a fresh
// SQLite database; a tiny policy (own BPE over the world's words, random weights) registered as the active policy;
// two projects with the same comparisons — selection "active" and "random", one ranking each needed — each ranked
// by its own simulated labelers through the HTTP API (GET /tasks/next, POST /tasks/:id/ranking) with the hidden
// preference of tests/bench/learning/preference.ts; after every round of rankings, a reward job on that project's
// rankings (POST /api/v1/jobs, run by the worker loop in this process), which on the active project also scores the
// uncertainty of its open comparisons for the next round. Held-out accuracy is measured against the hidden utility on
// comparisons that were never imported. Then (BENCH_LEARN_RL_STEPS > 0) an sft job on the active project's
// consensus-best completions and from it ppo and rloo jobs against the active project's last reward model and a dpo
// job on its rankings, each policy compared with the base on the held-out prompts: the reward model's score, the
// hidden-preference win rate, KL, EOS rate and the share of distinct samples. Prints Markdown.
// Run: `npm run bench -- learning` (builds first) or `npx tsx tests/bench/learning/run.ts` on an existing build.
// Sizes (env): BENCH_LEARN_POOL (comparisons per project, 240), BENCH_LEARN_EVAL (held-out comparisons, 100),
// BENCH_LEARN_ROUNDS (4), BENCH_LEARN_PER_ROUND (rankings per round, 40), BENCH_LEARN_STEPS (reward steps per job,
// 120), BENCH_LEARN_NOISE (labelers' Gumbel scale, 1), BENCH_LEARN_LABELERS (per project, 4), BENCH_LEARN_SEEDS
// (comma-separated seeds, each a full run of both arms: "1"), BENCH_LEARN_RL_STEPS (ppo steps, 30; 0: no RL part),
// BENCH_LEARN_SFT_STEPS (steps of the sft job before ppo, 150; 0: ppo from the base), BENCH_LEARN_EOS_PENALTY (ppo's
// and rloo's missingEosPenalty, −1.5: with the job's default −0.5 the reward for naming more animals can outweigh
// ending), BENCH_LEARN_RL (the trainers run from the sft policy: "ppo,rloo,dpo"), BENCH_LEARN_DPO_STEPS (60).
import { openDb, type Db } from "@/lib/db";
import { selectBackend } from "@/lib/ml/backend";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { rewardModelScorer } from "@/lib/ml/rl";
import { Rng } from "@/lib/ml/sampling/rng";
import { trainBpe, type Tokenizer } from "@/lib/ml/tokenizer";
import { newId } from "@/lib/util/id";
import { JOB_HANDLERS } from "@/workers/handlers";
import { generate } from "@/lib/ml/sampling/generate";
import { loadPolicy, loadRewardModel } from "@/workers/ml/load-models";
import { decodeCompletion, encodeCompletion, encodePrompt } from "@/workers/ml/text";
import { runWorker } from "@/workers/run-worker";
import { createTestUser, uniq } from "../../support/factories";
import { startServer } from "../../support/servers";
import { checkpointStore } from "../../integration/worker-fixtures";
import { BenchClient } from "../labelers/client";
import { makeItems, noisyOrder, pairAccuracy, tokenizerText, utility, type Item } from "./preference";

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const SIZES = {
  pool: num("BENCH_LEARN_POOL", 240),
  evalCount: num("BENCH_LEARN_EVAL", 100),
  rounds: num("BENCH_LEARN_ROUNDS", 4),
  perRound: num("BENCH_LEARN_PER_ROUND", 40),
  steps: num("BENCH_LEARN_STEPS", 120),
  noise: num("BENCH_LEARN_NOISE", 1),
  labelers: num("BENCH_LEARN_LABELERS", 4),
  rlSteps: Number(process.env.BENCH_LEARN_RL_STEPS ?? 30),
  sftSteps: Number(process.env.BENCH_LEARN_SFT_STEPS ?? 150),
  eosPenalty: Number(process.env.BENCH_LEARN_EOS_PENALTY ?? -1.5),
  dpoSteps: Number(process.env.BENCH_LEARN_DPO_STEPS ?? 60),
};
const SEEDS = (process.env.BENCH_LEARN_SEEDS ?? "1").split(",").map(Number);
const REWARD_CONFIG = { batchSize: 8, lr: 3e-3, heldOutFraction: 0.1, evalEvery: 1_000, checkpointEvery: 10_000 };

function log(line: string): void {
  console.error(`[${new Date().toISOString()}] [bench] ${line}`);
}

/** A random tiny policy with its own BPE over the world's words, registered as the active policy. */
async function createBenchPolicy(db: Db): Promise<void> {
  const tokenizer = trainBpe({ text: tokenizerText(), vocabSize: 400 });
  const modelConfig = makeGptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 32, mlpRatio: 2 });
  const model = Gpt.create({ config: modelConfig, seed: 7 });
  const id = newId();
  const artifactKey = `models/bench-${id}`;
  await checkpointStore(db).save(artifactKey, {
    kind: "policy",
    config: { model: modelConfig },
    tokenizer: tokenizer.toJSON(),
    weights: await model.exportWeights(),
    optimizer: null,
    step: 0,
    bestMetric: null,
    extra: {},
  });
  model.dispose();
  await db.modelVersion.updateMany({ where: { kind: "POLICY", active: true }, data: { active: false } });
  await db.modelVersion.create({ data: { id, kind: "POLICY", name: "bench-tiny", config: { model: modelConfig }, metrics: {}, artifactKey, active: true } });
}

interface Arm {
  selection: "active" | "random";
  projectId: string;
  labelers: BenchClient[];
  rng: Rng;
  ranked: number;
  /** Hidden utility spread (max − min) of each comparison served, a view of what the arm asked about. */
  spreads: number[];
}

async function check<T>(what: string, res: Promise<{ status: number; body: T; text: string }>, expected: number): Promise<T> {
  const r = await res;
  if (r.status !== expected) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 500)}`);
  return r.body;
}

async function createArm(options: { db: Db; admin: BenchClient; selection: "active" | "random"; items: Item[]; seed: number; baseUrl: string }): Promise<Arm> {
  const { db, admin, selection, items, seed, baseUrl } = options;
  const { project } = await check<{ project: { id: string } }>(
    "create project",
    admin.post("/api/v1/projects", { name: uniq(`learn-${selection}`), selection, requiredRankings: 1, goldRate: 0, allLabelers: false }),
    201,
  );
  const users = await Promise.all(Array.from({ length: SIZES.labelers }, () => createTestUser(db)));
  await check("members", admin.put(`/api/v1/projects/${project.id}/members`, { userIds: users.map((u) => u.id) }), 200);
  await check("import", admin.post(`/api/v1/prompts?projectId=${project.id}`, items.map((it) => ({ prompt: it.prompt, completions: it.completions }))), 201);
  const labelers = await Promise.all(
    users.map(async (u) => {
      const c = new BenchClient(baseUrl);
      await c.login(u.email, u.password);
      return c;
    }),
  );
  return { selection, projectId: project.id, labelers, rng: new Rng(seed), ranked: 0, spreads: [] };
}

interface TaskBody {
  task: { id: string; completions: { id: string; text: string }[] } | null;
}

/** `n` more rankings through the API, the arm's labelers taking turns. */
async function label(arm: Arm, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const labeler = arm.labelers[arm.ranked % arm.labelers.length] as BenchClient;
    const { task } = await check<TaskBody>("next task", labeler.get("/api/v1/tasks/next"), 200);
    if (!task) throw new Error(`${arm.selection}: no task left after ${arm.ranked} rankings (raise BENCH_LEARN_POOL)`);
    const texts = task.completions.map((c) => c.text);
    const order = noisyOrder(texts, SIZES.noise, arm.rng).map((k) => (task.completions[k] as { id: string }).id);
    await check("ranking", labeler.post(`/api/v1/tasks/${task.id}/ranking`, { ranking: order, durationMs: 1000 }), 201);
    const u = texts.map(utility);
    arm.spreads.push(Math.max(...u) - Math.min(...u));
    arm.ranked += 1;
  }
}

/** A reward job on the arm's rankings, through the API and the worker loop; its model version's id and result. */
async function trainReward(options: { db: Db; admin: BenchClient; arm: Arm; seed: number }): Promise<{ id: string; artifactKey: string; result: Record<string, unknown> }> {
  const { db, admin, arm, seed } = options;
  const config = {
    ...REWARD_CONFIG,
    steps: SIZES.steps,
    seed,
    data: { filters: { projectId: arm.projectId } },
    uncertaintyHeads: arm.selection === "active" ? 8 : 0,
  };
  const { job } = await check<{ job: { id: string } }>("enqueue", admin.post("/api/v1/jobs", { type: "reward", config }), 202);
  await runJobs(db, arm.selection);
  const row = await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { result: true } });
  const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id }, select: { id: true, artifactKey: true } });
  return { id: version.id, artifactKey: version.artifactKey, result: row.result as Record<string, unknown> };
}

/** The worker loop in this process until the queue is empty; fails unless every job succeeded. */
async function runJobs(db: Db, what: string): Promise<void> {
  const outcome = await runWorker({
    db,
    store: checkpointStore(db),
    workerId: "bench-learning",
    handlers: JOB_HANDLERS,
    leaseMs: 120_000,
    heartbeatMs: 1_000,
    pollMs: 100,
    retryDelayMs: 0,
    shutdown: new AbortController().signal,
    log: (line) => (line.includes("uncertainty") || line.includes("held-out") ? log(`${what}: ${line}`) : undefined),
    untilEmpty: true,
  });
  if (outcome.join() !== "succeeded") throw new Error(`${what} job ended ${outcome.join()}`);
}

interface PolicySamples {
  texts: string[];
  eosRate: number;
  rmScore: number;
}

/** `perPrompt` samples per held-out prompt at temperature 1 (as PPO samples), with the reward model's mean score. */
async function samplePolicy(options: { db: Db; key: string; rewardKey: string; items: Item[]; perPrompt: number; maxTokens: number }): Promise<PolicySamples> {
  const { db, key, rewardKey, items, perPrompt, maxTokens } = options;
  const store = checkpointStore(db);
  const policy = await loadPolicy({ store, key });
  const rm = await loadRewardModel({ store, key: rewardKey });
  try {
    const prompts = items.map((it) => encodePrompt(policy.tokenizer, it.prompt));
    const samples = await generate({
      model: policy.model,
      prompts,
      numSamples: perPrompt,
      eosId: policy.tokenizer.eosId,
      config: { temperature: 1, topK: 0, topP: 1, maxNewTokens: maxTokens },
      seed: 1,
    });
    const score = rewardModelScorer({ rewardModel: rm.model, padId: rm.tokenizer.padId });
    const raw = await score({
      prompts: samples.map((_, i) => prompts[Math.floor(i / perPrompt)] as number[]),
      responses: samples.map((s) => (s.finished ? [...s.tokens, policy.tokenizer.eosId] : s.tokens)),
      endedWithEos: samples.map((s) => s.finished),
    });
    return {
      texts: samples.map((s) => decodeCompletion(policy.tokenizer, s.tokens)),
      eosRate: mean(samples.map((s) => (s.finished ? 1 : 0))),
      rmScore: mean(raw.map((r) => (r - rm.normalisation.mean) / rm.normalisation.std)),
    };
  } finally {
    policy.model.dispose();
    rm.model.dispose();
  }
}

/** The trainers run after SFT (BENCH_LEARN_RL, comma-separated; default all three). */
const RL_TRAINERS = (process.env.BENCH_LEARN_RL ?? "ppo,rloo,dpo").split(",").filter((t): t is "ppo" | "rloo" | "dpo" => ["ppo", "rloo", "dpo"].includes(t));

/** A sampled policy's figures against the base (paired by prompt and sample index). */
interface PolicyFigures {
  name: string;
  rmScore: number;
  utility: number;
  winRate: number | null;
  eosRate: number;
  distinct: number;
  kl: number | null;
  jobReward: { first: number; last: number } | null;
  texts: string[];
}

/**
 * The InstructGPT order on the arm's data: an sft job on the consensus-best completion of every ranked comparison
 * (BENCH_LEARN_SFT_STEPS > 0), then from that policy a ppo and an rloo job against `reward` and a dpo job on the
 * arm's rankings; the base, the sft policy and each RL policy sampled on `items`.
 */
async function rlPart(options: { db: Db; admin: BenchClient; arm: Arm; reward: { id: string; artifactKey: string }; items: Item[]; seed: number }) {
  const { db, admin, arm, reward, items, seed } = options;
  const maxTokens = 16;
  const perPrompt = 4;
  const t0 = Date.now();
  const runJob = async (type: string, config: Record<string, unknown>) => {
    const { job } = await check<{ job: { id: string } }>(`enqueue ${type}`, admin.post("/api/v1/jobs", { type, config }), 202);
    await runJobs(db, type);
    const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id }, select: { id: true, artifactKey: true } });
    const points = await db.jobMetric.findMany({ where: { jobId: job.id }, orderBy: { step: "asc" }, select: { name: true, value: true } });
    const series = (name: string) => points.filter((p) => p.name === name).map((p) => p.value);
    const kl = series("kl");
    const rewards = series("rewardNormalised");
    return {
      version,
      kl: kl.length ? mean(kl.slice(-3)) : null,
      jobReward: rewards.length ? { first: mean(rewards.slice(0, 3)), last: mean(rewards.slice(-3)) } : null,
    };
  };
  let sft: { id: string; artifactKey: string } | null = null;
  if (SIZES.sftSteps > 0) {
    // One ranking per comparison here, so a comparison's consensus best is its one labeler's first choice.
    sft = (await runJob("sft", { source: "consensus-best", projectIds: [arm.projectId], minRankings: 1, steps: SIZES.sftSteps, batchSize: 16, lr: 3e-3 })).version;
  }
  const from = sft ? { policyId: sft.id } : {};
  const rollout = { rewardModelId: reward.id, steps: SIZES.rlSteps, lr: 3e-3, klCoef: 0.1, missingEosPenalty: SIZES.eosPenalty, sampling: { maxTokens }, checkpointEvery: 10_000, seed };
  const configs = {
    ppo: { ...from, ...rollout, projectIds: [arm.projectId], batchSize: 16, ppoEpochs: 2 },
    rloo: { ...from, ...rollout, prompts: { projectId: arm.projectId }, promptsPerStep: 4, k: 4 },
    dpo: { ...from, data: { filters: { projectId: arm.projectId } }, steps: SIZES.dpoSteps, batchSize: 8, lr: 1e-3, beta: 0.1, checkpointEvery: 10_000, seed },
  };
  const trained = [];
  for (const type of RL_TRAINERS) trained.push({ type, ...(await runJob(type, configs[type])) });

  const base = await db.modelVersion.findFirstOrThrow({ where: { kind: "POLICY", active: true }, select: { artifactKey: true } });
  const sample = (key: string) => samplePolicy({ db, key, rewardKey: reward.artifactKey, items, perPrompt, maxTokens });
  const baseSamples = await sample(base.artifactKey);
  // A win when the hidden utility is higher than the base's sample with the same prompt and seed; a tie counts ½.
  const winRate = (texts: string[]) =>
    mean(
      texts.map((t, i) => {
        const a = utility(t);
        const b = utility(baseSamples.texts[i] as string);
        return a > b ? 1 : a === b ? 0.5 : 0;
      }),
    );
  const figures = (name: string, s: Awaited<ReturnType<typeof sample>>, isBase: boolean, job?: { kl: number | null; jobReward: PolicyFigures["jobReward"] }): PolicyFigures => ({
    name,
    rmScore: s.rmScore,
    utility: mean(s.texts.map(utility)),
    winRate: isBase ? null : winRate(s.texts),
    eosRate: s.eosRate,
    distinct: distinctShare(s.texts),
    kl: job?.kl ?? null,
    jobReward: job?.jobReward ?? null,
    texts: s.texts,
  });
  const policies: PolicyFigures[] = [figures("base", baseSamples, true)];
  if (sft) policies.push(figures("sft", await sample(sft.artifactKey), false));
  for (const t of trained) policies.push(figures(sft ? `sft → ${t.type}` : t.type, await sample(t.version.artifactKey), false, t));
  return { seconds: (Date.now() - t0) / 1000, samples: baseSamples.texts.length, policies };
}

/** The reward model's pairwise accuracy on the held-out items against the hidden utility. */
async function heldOutAccuracy(db: Db, artifactKey: string, items: Item[]): Promise<number> {
  const rm = await loadRewardModel({ store: checkpointStore(db), key: artifactKey });
  try {
    const tokenizer: Tokenizer = rm.tokenizer;
    const score = rewardModelScorer({ rewardModel: rm.model, padId: tokenizer.padId });
    const prompts = items.flatMap((it) => it.completions.map(() => encodePrompt(tokenizer, it.prompt)));
    const responses = items.flatMap((it) => it.completions.map((c) => encodeCompletion(tokenizer, c, "eos")));
    const scores = await score({ prompts, responses, endedWithEos: responses.map(() => true) });
    const index = new Map(items.map((it, i) => [it, i]));
    return pairAccuracy(items, (it, k) => scores[(index.get(it) as number) * 5 + k] as number);
  } finally {
    rm.model.dispose();
  }
}

/** Labelers' figures on the held-out items: accuracy against the utility, and pairwise agreement of two labelers. */
function labelerFigures(items: Item[], seed: number): { accuracy: number; agreement: number } {
  const rng = new Rng(seed + 1000);
  let agree = 0;
  let pairs = 0;
  const ranks = items.map((it) => {
    const a = noisyOrder(it.completions, SIZES.noise, rng);
    const b = noisyOrder(it.completions, SIZES.noise, rng);
    for (let i = 0; i < 5; i++) {
      for (let j = i + 1; j < 5; j++) {
        agree += Math.sign(a.indexOf(i) - a.indexOf(j)) === Math.sign(b.indexOf(i) - b.indexOf(j)) ? 1 : 0;
        pairs += 1;
      }
    }
    return a;
  });
  const index = new Map(items.map((it, i) => [it, i]));
  const accuracy = pairAccuracy(items, (it, k) => -(ranks[index.get(it) as number] as number[]).indexOf(k));
  return { accuracy, agreement: agree / pairs };
}

/** Share of distinct samples (1: no two alike): a policy collapsed onto one answer scores near 1 / n. */
function distinctShare(texts: string[]): number {
  return new Set(texts).size / Math.max(1, texts.length);
}

const f3 = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);

async function runSeed(seed: number, baseUrl: string, db: Db, admin: BenchClient) {
  const pool = makeItems({ count: SIZES.pool, seed, tag: `scene ${seed}` });
  const heldOut = makeItems({ count: SIZES.evalCount, seed: seed + 500, tag: `held-out scene ${seed}` });
  const arms = [
    await createArm({ db, admin, selection: "random", items: pool, seed, baseUrl }),
    await createArm({ db, admin, selection: "active", items: pool, seed, baseUrl }),
  ];
  let lastActiveReward: { id: string; artifactKey: string } | null = null;
  const curve: { rankings: number; random: number; active: number; activeJob: number | null; randomJob: number | null }[] = [];
  for (let round = 1; round <= SIZES.rounds; round++) {
    const row = { rankings: round * SIZES.perRound, random: NaN, active: NaN, activeJob: null as number | null, randomJob: null as number | null };
    for (const arm of arms) {
      const t0 = Date.now();
      await label(arm, SIZES.perRound);
      const { id, artifactKey, result } = await trainReward({ db, admin, arm, seed });
      if (arm.selection === "active") lastActiveReward = { id, artifactKey };
      const accuracy = await heldOutAccuracy(db, artifactKey, heldOut);
      row[arm.selection] = accuracy;
      const job = typeof result.heldOutAccuracy === "number" ? result.heldOutAccuracy : null;
      if (arm.selection === "active") row.activeJob = job;
      else row.randomJob = job;
      log(`seed ${seed} round ${round} ${arm.selection}: ${arm.ranked} rankings, held-out accuracy ${f3(accuracy)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
    curve.push(row);
  }
  const [random, active] = arms as [Arm, Arm];
  const rl = SIZES.rlSteps > 0 && lastActiveReward ? await rlPart({ db, admin, arm: active, reward: lastActiveReward, items: heldOut, seed }) : null;
  return { curve, heldOut, rl, spreads: { random: mean(random.spreads), active: mean(active.spreads) } };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await selectBackend({ force: "wasm" });
  process.env.PODIUM_TEST_SERVER_START_SECONDS ??= "240";
  const server = await startServer({ kind: "sqlite" });
  const db = await openDb({ url: server.databaseUrl, poolSize: 4 });
  try {
    await createBenchPolicy(db);
    const adminUser = await createTestUser(db, { role: "ADMIN" });
    const admin = new BenchClient(server.baseUrl);
    await admin.login(adminUser.email, adminUser.password);
    const runs = [];
    for (const seed of SEEDS) runs.push({ seed, ...(await runSeed(seed, server.baseUrl, db, admin)) });

    console.log(`\nSizes: ${JSON.stringify(SIZES)}, seeds ${SEEDS.join(",")}; ${((Date.now() - t0) / 1000).toFixed(0)} s in all.\n`);
    console.log("Held-out pairwise accuracy against the hidden preference (pairs whose utilities differ):\n");
    console.log("| seed | who | accuracy | labeler–labeler agreement |");
    console.log("|---|---|---:|---:|");
    for (const r of runs) {
      const labelers = labelerFigures(r.heldOut, r.seed);
      const last = r.curve.at(-1);
      const byLength = pairAccuracy(r.heldOut, (it, k) => (it.completions[k] as string).split(" ").length);
      const byChars = pairAccuracy(r.heldOut, (it, k) => (it.completions[k] as string).length);
      console.log(`| ${r.seed} | one simulated labeler | ${f3(labelers.accuracy)} | ${f3(labelers.agreement)} |`);
      console.log(`| ${r.seed} | reward model, ${last?.rankings} random-order rankings | ${f3(last?.random ?? NaN)} | |`);
      console.log(`| ${r.seed} | reward model, ${last?.rankings} active rankings | ${f3(last?.active ?? NaN)} | |`);
      console.log(`| ${r.seed} | longer (words) is better | ${f3(byLength)} | |`);
      console.log(`| ${r.seed} | shorter (words) is better | ${f3(1 - byLength)} | |`);
      console.log(`| ${r.seed} | longer (characters) is better | ${f3(byChars)} | |`);
    }
    console.log("\nActive vs random selection, same pool and budget (reward model retrained after every round):\n");
    console.log("| seed | rankings | random: held-out accuracy | active: held-out accuracy | random: job's own held-out | active: job's own held-out |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const r of runs) {
      for (const c of r.curve) {
        const j = (x: number | null) => (x === null ? "n/a" : f3(x));
        console.log(`| ${r.seed} | ${c.rankings} | ${f3(c.random)} | ${f3(c.active)} | ${j(c.randomJob)} | ${j(c.activeJob)} |`);
      }
    }
    if (runs.length > 1) {
      for (const [k, c] of (runs[0]?.curve ?? []).entries()) {
        const at = runs.map((r) => r.curve[k]).filter((x) => x !== undefined);
        console.log(`| mean of ${runs.length} | ${c.rankings} | ${f3(mean(at.map((x) => x.random)))} | ${f3(mean(at.map((x) => x.active)))} | | |`);
      }
    }
    const rlRuns = runs.flatMap((r) => (r.rl ? [{ seed: r.seed, ...r.rl }] : []));
    if (rlRuns.length) {
      const sftNote = SIZES.sftSteps > 0 ? `sft (${SIZES.sftSteps} steps, batch 16, lr 3e-3) on the active project's consensus-best completions, then from it ` : "";
      console.log(
        `\nRL: ${sftNote}${RL_TRAINERS.join(", ")} — ppo ${SIZES.rlSteps} steps of 16 prompts, rloo ${SIZES.rlSteps} steps of 4 prompts × 4, both ≤ 16 tokens, β 0.1, lr 3e-3, missing-EOS penalty ${SIZES.eosPenalty}, against the active project's last reward model; dpo ${SIZES.dpoSteps} steps of 8 pairs of its rankings, β 0.1, lr 1e-3. Samples on the held-out prompts (4 each, temperature 1; ${rlRuns[0]?.samples} pairs with the base's):\n`,
      );
      console.log("| seed | policy | RM score (normalised) | hidden utility (mean) | win rate vs base (hidden preference) | EOS rate | distinct samples | KL (job, last 3 steps) | RM score in the job, first 3 → last 3 steps |");
      console.log("|---|---|---:|---:|---:|---:|---:|---:|---|");
      const opt = (x: number | null) => (x === null ? "" : f3(x));
      for (const r of rlRuns) {
        for (const p of r.policies) {
          const job = p.jobReward ? `${f3(p.jobReward.first)} → ${f3(p.jobReward.last)}` : "";
          console.log(`| ${r.seed} | ${p.name} | ${f3(p.rmScore)} | ${f3(p.utility)} | ${opt(p.winRate)} | ${f3(p.eosRate)} | ${f3(p.distinct)} | ${opt(p.kl)} | ${job} |`);
        }
      }
      for (const p of rlRuns[0]?.policies ?? []) console.log(`\n${p.name} samples (seed ${rlRuns[0]?.seed}, first 3): ${p.texts.slice(0, 3).map((t) => JSON.stringify(t)).join(", ")}`);
    }
    console.log(`\nMean hidden-utility spread (max − min) of the comparisons ranked: ${runs.map((r) => `seed ${r.seed}: random ${r.spreads.random.toFixed(2)}, active ${r.spreads.active.toFixed(2)}`).join("; ")}.`);
  } finally {
    await db.$disconnect();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
