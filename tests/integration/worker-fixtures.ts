// Fixtures of the worker tests: a tiny policy version (random GPT + small BPE) in a database's artifact store, a
// tiny reward model version from it, rankings by a hidden rule, an in-process worker with test timings, and a worker
// process started with `tsx`.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Db } from "@/lib/db";
import { makeGptConfig, type GptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { trainBpe } from "@/lib/ml/tokenizer";
import { createDbArtifactKv } from "@/lib/models";
import { KvCheckpointStore } from "@/lib/ml/checkpoint";
import { newId } from "@/lib/util/id";
import { createTestComparisons, createTestUser, uniq } from "../support/factories";
import { ROOT } from "../support/servers";
import { JOB_HANDLERS } from "@/workers/handlers";
import { runWorker, type RunWorkerOptions } from "@/workers/run-worker";

export const TINY_TEXT = "the cat sat on the mat. a dog ran to the park and back. good answers are short and kind. ".repeat(20);

export function tinyModelConfig(vocabSize: number): GptConfig {
  return makeGptConfig({ vocabSize, blockSize: 64, nLayer: 1, nHead: 2, nEmbd: 32, mlpRatio: 2 });
}

export function checkpointStore(db: Db): KvCheckpointStore {
  return new KvCheckpointStore({ kv: createDbArtifactKv({ db }) });
}

/**
 * The worker loop in this process until the queue is empty, with the real handlers, fast polling and heartbeats,
 * its log lines appended to `lines`; `overrides` replace any option.
 */
export function runTestWorker(options: { db: Db; lines: string[] } & Partial<RunWorkerOptions>): ReturnType<typeof runWorker> {
  const { db, lines, ...overrides } = options;
  return runWorker({
    db,
    store: checkpointStore(db),
    workerId: uniq("worker"),
    handlers: JOB_HANDLERS,
    leaseMs: 30_000,
    heartbeatMs: 200,
    pollMs: 100,
    retryDelayMs: 0,
    shutdown: new AbortController().signal,
    log: (line) => lines.push(line),
    untilEmpty: true,
    ...overrides,
  });
}

/** A random tiny policy saved in the DB store and registered as the active POLICY version. */
export async function createTinyPolicyVersion(db: Db): Promise<{ id: string; artifactKey: string }> {
  const tokenizer = trainBpe({ text: TINY_TEXT, vocabSize: 300 });
  const modelConfig = tinyModelConfig(tokenizer.vocabSize);
  const model = Gpt.create({ config: modelConfig, seed: 7 });
  const id = newId();
  const artifactKey = `models/test-${id}`;
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
  await db.modelVersion.create({
    data: { id, kind: "POLICY", name: uniq("tiny-policy"), config: { model: modelConfig }, metrics: {}, artifactKey, active: true },
  });
  return { id, artifactKey };
}

/** A reward model (random head on the policy's trunk) registered as the active REWARD version. */
export async function createTinyRewardVersion(db: Db, policy: { id: string; artifactKey: string }, options: { seed?: number } = {}): Promise<{ id: string }> {
  const store = checkpointStore(db);
  const policyCheckpoint = await store.load(policy.artifactKey);
  if (!policyCheckpoint) throw new Error("policy checkpoint missing");
  const modelConfig = policyCheckpoint.config.model as GptConfig;
  const rm = RewardModel.fromPolicy({ config: modelConfig, policyWeights: policyCheckpoint.weights, seed: options.seed ?? 3 });
  const id = newId();
  const artifactKey = `models/test-${id}`;
  await store.save(artifactKey, {
    kind: "reward",
    config: { model: modelConfig },
    tokenizer: policyCheckpoint.tokenizer,
    weights: await rm.exportWeights(),
    optimizer: null,
    step: 0,
    bestMetric: null,
    extra: { normalisation: { mean: 0, std: 1 } },
  });
  rm.dispose();
  await db.modelVersion.create({
    data: { id, kind: "REWARD", name: uniq("tiny-reward"), parentId: policy.id, config: {}, metrics: {}, artifactKey, active: true },
  });
  return { id };
}

/** `count` comparisons, each ranked by `labelers` users; the hidden rule ranks completions by position, last first. */
export async function createRankings(db: Db, options: { count: number; labelers: number }): Promise<number> {
  const comparisons = await createTestComparisons(db, { count: options.count, requiredRankings: options.labelers });
  const users = await Promise.all(Array.from({ length: options.labelers }, () => createTestUser(db)));
  const data = comparisons.flatMap((c) =>
    users.map((u) => ({ id: newId(), comparisonId: c.id, userId: u.id, order: [...c.completionIds].reverse(), shownOrder: c.completionIds })),
  );
  await db.ranking.createMany({ data });
  return data.length;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `tsx workers/main.ts` against `databaseUrl` with short leases, so a killed worker's job is re-claimed quickly. */
export function startWorkerProcess(options: { databaseUrl: string; env?: Record<string, string> }): WorkerProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which a SIGKILL would orphan.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "workers", "main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PODIUM_JOB_LEASE_SECONDS: "3",
      PODIUM_JOB_HEARTBEAT_SECONDS: "0.5",
      PODIUM_JOB_POLL_SECONDS: "0.5",
      PODIUM_JOB_RETRY_SECONDS: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Polls `check` every 100 ms until it returns a value, or fails after `timeoutMs` with `what` and the worker logs. */
export async function waitFor<T>(options: {
  what: string;
  check: () => Promise<T | null | undefined | false>;
  timeoutMs: number;
  logs?: () => string;
}): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await options.check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}\n${options.logs?.() ?? ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
