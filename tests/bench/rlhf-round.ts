// One RLHF round on the shipped base model, through the real worker (`node --import tsx workers/main.ts
// --until-empty`, one process per stage) against a fresh migrated SQLite database:
//   generate  BENCH_PROMPTS prompts (default 500) × 5 completions, generate job at default settings
//   reward    BENCH_RANKINGS synthetic rankings (default 1,500 = 500 comparisons × 3 labelers; hidden rule: the
//             shorter completion is better), reward job at default settings
//   ppo       PPO job at default settings with steps = BENCH_PPO_STEPS (default 20)
// BENCH_REWARD_STEPS (unset = the job default, 300) shortens the reward job when time is short; the table says so.
// Prints a Markdown table: job wall time (claim → finish, from the Job row), worker process wall time, tokens/s, the
// worker's peak RSS (VmHWM of /proc/<pid>/status), and a PyTorch-CPU *estimate* scaled from the ML-core benchmark's
// tfjs/PyTorch ratios in BENCHMARKS.md (base config: train 1463 vs 5133 tok/s, generation 1212 vs 2513 tok/s) — not a
// PyTorch run of the stage.
// Run: `npx tsx tests/bench/rlhf-round.ts` (BENCH_KEEP_DB=1 keeps the temp database and prints its path).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDb, type Db } from "@/lib/db";
import { enqueueJob, parseJobConfig, type TJobType } from "@/lib/jobs";
import { importPromptItems } from "@/lib/data";
import { corpusPrompts, loadCorpus } from "@/lib/ml/data/corpus";
import { FsCheckpointStore } from "@/lib/ml/checkpoint";
import { Tokenizer } from "@/lib/ml/tokenizer";
import { newId } from "@/lib/util/id";
import { encodeCompletion, encodePrompt } from "@/workers/ml/text";
import { SHIPPED_BASE_DIR } from "@/workers/ml/ensure-base-policy";
import { createTestUser } from "../support/factories";
import { createTestDatabase, ROOT } from "../support/servers";

const PROMPTS = intEnv("BENCH_PROMPTS", 500);
const RANKINGS = intEnv("BENCH_RANKINGS", 1500);
const PPO_STEPS = intEnv("BENCH_PPO_STEPS", 20);
const REWARD_STEPS = process.env.BENCH_REWARD_STEPS ? intEnv("BENCH_REWARD_STEPS", 300) : undefined;

// BENCHMARKS.md, "ML core", base config (V=2048, D=128, T=128, L=4, H=4), batch 16.
const REF = { trainPodium: 1463, trainTorch: 5133, genPodium: 1212, genTorch: 2513 };
const TRAIN_RATIO = REF.trainPodium / REF.trainTorch;
const GEN_RATIO = REF.genPodium / REF.genTorch;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

function log(line: string): void {
  console.error(`[${new Date().toISOString()}] [bench] ${line}`);
}

interface WorkerRun {
  wallSeconds: number;
  peakRssKiB: number;
  exitCode: number | null;
  output: string;
}

function readKiB(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** One worker process until the queue is empty; samples VmHWM (peak resident set) every 100 ms. */
async function runWorkerProcess(databaseUrl: string): Promise<WorkerRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "workers", "main.ts"), "--until-empty"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let peak = 0;
  const timer = setInterval(() => {
    if (child.pid) peak = Math.max(peak, readKiB(child.pid, "VmHWM"));
  }, 100);
  const stopChild = () => child.kill("SIGKILL");
  process.once("exit", stopChild);
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  clearInterval(timer);
  process.removeListener("exit", stopChild);
  return { wallSeconds: (performance.now() - t0) / 1000, peakRssKiB: peak, exitCode, output };
}

interface StageResult {
  jobId: string;
  jobSeconds: number;
  run: WorkerRun;
  result: Record<string, unknown>;
}

async function runStage(db: Db, databaseUrl: string, admin: { id: string }, type: TJobType, config: Record<string, unknown>): Promise<StageResult> {
  const actor = { id: admin.id, email: "bench@podium", name: "bench", role: "ADMIN" as const, via: "token" as const };
  const job = await enqueueJob({ db, actor, type, config, maxAttempts: 1 });
  log(`${type}: job ${job.id} config ${JSON.stringify(parseJobConfig(type, config))}`);
  const run = await runWorkerProcess(databaseUrl);
  const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
  if (row.status !== "SUCCEEDED") {
    throw new Error(`${type} job ended ${row.status}: ${row.error ?? ""}\n--- worker output ---\n${run.output.slice(-4000)}`);
  }
  const jobSeconds = row.startedAt && row.finishedAt ? (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000 : run.wallSeconds;
  log(`${type}: job ${jobSeconds.toFixed(1)} s, process ${run.wallSeconds.toFixed(1)} s, peak RSS ${(run.peakRssKiB / 1024).toFixed(0)} MiB`);
  return { jobId: job.id, jobSeconds, run, result: (row.result ?? {}) as Record<string, unknown> };
}

async function metricSeries(db: Db, jobId: string, name: string): Promise<number[]> {
  const rows = await db.jobMetric.findMany({ where: { jobId, name }, orderBy: { step: "asc" }, select: { value: true } });
  return rows.map((r) => r.value);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

async function main(): Promise<void> {
  const started = performance.now();
  const base = await new FsCheckpointStore({ dir: SHIPPED_BASE_DIR }).load("base");
  if (!base) throw new Error(`no shipped base checkpoint in ${SHIPPED_BASE_DIR}`);
  const tokenizer = Tokenizer.fromJSON(base.tokenizer);

  const database = await createTestDatabase("sqlite");
  log(`database ${database.url}`);
  const db = await openDb({ url: database.url, poolSize: 4 });
  try {
    const admin = await createTestUser(db, { role: "ADMIN" });

    // Prompts: corpus sentence openings (the demo prompts), topped up with numbered ones if the corpus runs short.
    const texts = corpusPrompts({ text: await loadCorpus(), count: PROMPTS, seed: 11 });
    for (let i = texts.length; i < PROMPTS; i++) texts.push(`Tell me about item number ${i}`);
    const report = await importPromptItems({ db, raw: texts.map((t, i) => ({ line: i + 1, value: t })) });
    const imported = report.results.filter((r) => r.status === "imported").length;
    log(`imported ${imported} prompts`);

    // 1. generate (defaults: maxPrompts 500, batch 8, maxTokens 64, topP 0.95, requiredRankings 3)
    const gen = await runStage(db, database.url, admin, "generate", PROMPTS > 500 ? { maxPrompts: PROMPTS } : {});
    const completions = await db.completion.findMany({ where: { source: "policy" }, select: { text: true } });
    const genCfg = parseJobConfig("generate", {});
    // Generated tokens: the stored text re-encoded, + EOS when it stopped early (the decode drops EOS and trims).
    const genTokens = completions.reduce((n, c) => {
      const ids = tokenizer.encode(c.text === "(empty)" ? "" : c.text);
      return n + Math.min(ids.length + 1, genCfg.sampling.maxTokens);
    }, 0);

    // 2. synthetic rankings: comparison i % C by labeler floor(i / C); hidden rule = shorter completion first.
    const comparisons = await db.comparison.findMany({
      orderBy: { createdAt: "asc" },
      select: { id: true, items: { select: { completionId: true, completion: { select: { text: true } } }, orderBy: { position: "asc" } } },
    });
    const C = comparisons.length;
    if (C === 0) throw new Error("generate made no comparisons");
    const labelers = await Promise.all(Array.from({ length: Math.ceil(RANKINGS / C) }, () => createTestUser(db)));
    const rows = Array.from({ length: RANKINGS }, (_, i) => {
      const c = comparisons[i % C]!;
      const shown = c.items.map((it) => it.completionId);
      const order = [...c.items].sort((a, b) => a.completion.text.length - b.completion.text.length).map((it) => it.completionId);
      return { id: newId(), comparisonId: c.id, userId: labelers[Math.floor(i / C)]!.id, order, shownOrder: shown };
    });
    for (let i = 0; i < rows.length; i += 500) await db.ranking.createMany({ data: rows.slice(i, i + 500) });
    for (const c of comparisons) {
      const n = rows.filter((r) => r.comparisonId === c.id).length;
      if (n) await db.comparison.update({ where: { id: c.id }, data: { rankingCount: n, slotsTaken: n, open: n < (genCfg.requiredRankings ?? 3) } });
    }
    log(`${rows.length} rankings of ${C} comparisons by ${labelers.length} labelers`);

    // 3. reward (defaults: 300 steps, batch 16 rankings × 5 sequences, maxLength 128)
    const rewardConfig = REWARD_STEPS ? { steps: REWARD_STEPS } : {};
    const rewardCfg = parseJobConfig("reward", rewardConfig);
    const reward = await runStage(db, database.url, admin, "reward", rewardConfig);
    const rankedPrompts = await db.ranking.findMany({
      select: { comparison: { select: { prompt: { select: { text: true } }, items: { select: { completion: { select: { text: true } } } } } } },
    });
    const seqLens = rankedPrompts.flatMap((r) => {
      const p = encodePrompt(tokenizer, r.comparison.prompt.text).length;
      return r.comparison.items.map((it) => Math.min(128, p + encodeCompletion(tokenizer, it.completion.text).length));
    });
    const rewardSteps = Number(reward.result.steps ?? rewardCfg.steps);
    const rewardTrainTokens = rewardSteps * rewardCfg.batchSize * 5 * mean(seqLens);

    // 4. PPO (defaults: batch 16 prompts, 4 epochs, maxTokens 64) for PPO_STEPS iterations
    const ppoCfg = parseJobConfig("ppo", { steps: PPO_STEPS });
    const ppo = await runStage(db, database.url, admin, "ppo", { steps: PPO_STEPS });
    const respLens = await metricSeries(db, ppo.jobId, "responseLength");
    const allPrompts = await db.prompt.findMany({ select: { text: true } });
    const meanPrompt = mean(allPrompts.map((p) => encodePrompt(tokenizer, p.text).length));
    const rolloutTokens = ppoCfg.batchSize * respLens.reduce((a, b) => a + b, 0);
    const ppoTrainTokens = ppoCfg.ppoEpochs * ppoCfg.batchSize * respLens.reduce((a, b) => a + meanPrompt + b, 0);
    // Share of PPO time that is sampling, if both parts ran at the ML-core benchmark's Podium rates.
    const genShare = rolloutTokens / REF.genPodium / (rolloutTokens / REF.genPodium + ppoTrainTokens / REF.trainPodium);
    const ppoRatio = genShare * GEN_RATIO + (1 - genShare) * TRAIN_RATIO;

    const mib = (k: number) => fmt(k / 1024);
    const lines = [
      `## One RLHF round on the shipped base model (tests/bench/rlhf-round.ts, ${new Date().toISOString().slice(0, 16)}Z)`,
      "",
      `Counts: ${imported} prompts × 5 completions, ${rows.length} rankings (${C} comparisons × ≤${labelers.length} labelers), ` +
        `reward ${rewardSteps} steps${REWARD_STEPS ? " (BENCH_REWARD_STEPS, not the default 300)" : " (default)"}, PPO ${ppoCfg.steps} steps; ` +
        `everything else at the job defaults. SQLite, one \`tsx workers/main.ts --until-empty\` process per stage.`,
      "",
      "| stage | work | job wall | worker process wall | tokens | tokens/s | peak RSS (worker) | PyTorch-CPU estimate (wall) |",
      "|---|---|---|---|---|---|---|---|",
      `| generate | ${imported} prompts × 5, ≤${genCfg.sampling.maxTokens} new tokens, batch ${genCfg.batchSize} | ${fmt(gen.jobSeconds, 1)} s | ${fmt(gen.run.wallSeconds, 1)} s | ${fmt(genTokens)} generated | ${fmt(genTokens / gen.jobSeconds)} | ${mib(gen.run.peakRssKiB)} MiB | ${fmt(gen.jobSeconds * GEN_RATIO, 1)} s (×${GEN_RATIO.toFixed(2)}) |`,
      `| reward | ${rows.length} rankings, ${rewardSteps} steps × ${rewardCfg.batchSize} rankings × 5 seqs | ${fmt(reward.jobSeconds, 1)} s | ${fmt(reward.run.wallSeconds, 1)} s | ${fmt(rewardTrainTokens)} trained (+ held-out evals) | ${fmt(rewardTrainTokens / reward.jobSeconds)} | ${mib(reward.run.peakRssKiB)} MiB | ${fmt(reward.jobSeconds * TRAIN_RATIO, 1)} s (×${TRAIN_RATIO.toFixed(2)}) |`,
      `| ppo | ${ppoCfg.steps} steps × ${ppoCfg.batchSize} prompts, ${ppoCfg.ppoEpochs} epochs | ${fmt(ppo.jobSeconds, 1)} s | ${fmt(ppo.run.wallSeconds, 1)} s | ${fmt(rolloutTokens)} sampled, ≈${fmt(ppoTrainTokens)} trained | ${fmt(rolloutTokens / ppo.jobSeconds, 1)} sampled, ≈${fmt(ppoTrainTokens / ppo.jobSeconds)} trained | ${mib(ppo.run.peakRssKiB)} MiB | ${fmt(ppo.jobSeconds * ppoRatio, 1)} s (×${ppoRatio.toFixed(2)}) |`,
      "",
      "- job wall = the Job row's startedAt → finishedAt (model loading included); worker process wall adds process start, " +
        "backend selection and (first stage) registering the base policy.",
      "- tokens: generate = completion tokens (stored text re-encoded, + EOS if it stopped early); reward = steps × batch × 5 " +
        "sequences × mean prompt+completion length (≤128), padding not counted; PPO sampled = batch × Σ mean response length, " +
        `trained ≈ epochs × batch × Σ (mean prompt ${meanPrompt.toFixed(1)} + response) tokens (reference, reward and value passes not counted).`,
      `- PyTorch-CPU estimate: NOT a PyTorch run of these stages. It scales the job wall time by Podium/PyTorch tokens/s of the ` +
        `ML-core benchmark (BENCHMARKS.md, base config): generation ${REF.genPodium}/${REF.genTorch} = ${GEN_RATIO.toFixed(2)}, ` +
        `training ${REF.trainPodium}/${REF.trainTorch} = ${TRAIN_RATIO.toFixed(2)}; PPO mixes the two by its estimated sampling share ` +
        `(${(genShare * 100).toFixed(0)} %). Bookkeeping (SQLite, tokenizing, checkpoints) is scaled too, so it flatters PyTorch slightly.`,
      `- Job results: reward ${JSON.stringify({ heldOutAccuracy: reward.result.heldOutAccuracy, heldOutLoss: reward.result.heldOutLoss })}; ` +
        `ppo ${JSON.stringify({ reward: ppo.result.reward, kl: ppo.result.kl, responseLength: ppo.result.responseLength })}.`,
      `- Load average at the end: ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}; total bench wall ${fmt((performance.now() - started) / 1000, 0)} s.`,
    ];
    console.log(lines.join("\n"));
  } finally {
    await db.$disconnect();
    if (process.env.BENCH_KEEP_DB === "1") log(`kept ${database.url}`);
    else await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
