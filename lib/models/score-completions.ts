// Admin: a reward model version's scores of given completions of a prompt (`{prompt, completions}` or a batch
// `{items: [...]}`), bounded in items, completions and characters. The scoring runs in a short-lived child process
// (workers/score-main.ts: TensorFlow.js on wasm), never in the web process: a forward pass there would hold the event
// loop that serves labelers, and the web app never loads TensorFlow.js. One scoring at a time per web process.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";

/** Prompts one request may score. */
export const MAX_SCORE_ITEMS = 8;
/** Completions per prompt at most. */
export const MAX_SCORE_COMPLETIONS_PER_ITEM = 16;
/** Completions one request may score in all (refused with 413 beyond). */
export const MAX_SCORE_COMPLETIONS = 32;
/** Characters of a prompt or a completion at most. */
export const MAX_SCORE_TEXT_CHARS = 4000;
/** A scoring that takes longer is stopped (503). */
export const SCORE_TIMEOUT_MS = 120_000;
/** Scorings running at once in one web process; more get 429. */
export const MAX_CONCURRENT_SCORINGS = 1;

const ZText = z.string().min(1).max(MAX_SCORE_TEXT_CHARS, `at most ${MAX_SCORE_TEXT_CHARS} characters`);
const ZCompletions = z
  .array(z.string().max(MAX_SCORE_TEXT_CHARS, `at most ${MAX_SCORE_TEXT_CHARS} characters`))
  .min(1)
  .max(MAX_SCORE_COMPLETIONS_PER_ITEM, `at most ${MAX_SCORE_COMPLETIONS_PER_ITEM} completions per prompt`);
const ZScoreItem = z.strictObject({ prompt: ZText, completions: ZCompletions });

/** `{prompt, completions}` or `{items: [{prompt, completions}, …]}`, never both. */
export const ZScoreRequest = z
  .strictObject({
    prompt: ZText.optional(),
    completions: ZCompletions.optional(),
    items: z.array(ZScoreItem).min(1).max(MAX_SCORE_ITEMS, `at most ${MAX_SCORE_ITEMS} items`).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.items !== undefined) {
      if (body.prompt !== undefined || body.completions !== undefined) {
        ctx.addIssue({ code: "custom", path: ["items"], message: "send either {prompt, completions} or {items}, not both" });
      }
      return;
    }
    if (body.prompt === undefined) ctx.addIssue({ code: "custom", path: ["prompt"], message: "prompt is required (or send items)" });
    if (body.completions === undefined) ctx.addIssue({ code: "custom", path: ["completions"], message: "completions are required (or send items)" });
  });
export type TScoreRequest = z.infer<typeof ZScoreRequest>;

export interface ScoredItem {
  /** The reward model's raw scores, one per completion in the order given. */
  scores: number[];
  /** (score − mean) / std with the normalisation statistics saved with the reward model. */
  normalisedScores: number[];
}

export interface ScoreCompletionsResult {
  modelVersionId: string;
  name: string;
  normalisation: { mean: number; std: number };
  items: ScoredItem[];
}

export interface ScoreCompletionsOptions {
  db: Db;
  actor: AuthUser;
  modelVersionId: string;
  request: TScoreRequest;
}

const ZScorerOutput = z.union([
  z.object({
    ok: z.literal(true),
    normalisation: z.object({ mean: z.number(), std: z.number() }),
    scores: z.array(z.array(z.number())),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

let running = 0;

/** The scorer script; the web server runs from the repository root (npm start, npm run web). */
function scorerScript(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "workers", "score-main.ts");
}

function runScorer(input: { modelVersionId: string; items: { prompt: string; completions: string[] }[] }): Promise<z.infer<typeof ZScorerOutput>> {
  const script = scorerScript();
  if (!fs.existsSync(script)) throw new AppError("UNAVAILABLE", "The scorer is not installed next to the web server (workers/score-main.ts)");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: path.dirname(path.dirname(script)),
      env: process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new AppError("UNAVAILABLE", `Scoring took longer than ${SCORE_TIMEOUT_MS / 1000} s and was stopped`));
    }, SCORE_TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").at(-1) ?? "";
      const parsed = ZScorerOutput.safeParse((() => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return null;
        }
      })());
      if (parsed.success) return resolve(parsed.data);
      reject(new Error(`reward scorer exited with ${code}: ${err.slice(-2000)}`));
    });
    child.stdin.end(JSON.stringify(input));
  });
}

export async function scoreCompletions({ db, actor, modelVersionId, request }: ScoreCompletionsOptions): Promise<ScoreCompletionsResult> {
  requireRole(actor, "ADMIN");
  const items = request.items ?? [{ prompt: request.prompt ?? "", completions: request.completions ?? [] }];
  const total = items.reduce((n, it) => n + it.completions.length, 0);
  if (total > MAX_SCORE_COMPLETIONS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `At most ${MAX_SCORE_COMPLETIONS} completions per request (got ${total}); split the batch`, {
      details: [{ path: "items", message: `at most ${MAX_SCORE_COMPLETIONS} completions in all` }],
    });
  }
  const version = await db.modelVersion.findUnique({ where: { id: modelVersionId }, select: { id: true, kind: true, name: true } });
  if (!version) throw new AppError("NOT_FOUND", `No model version with id ${modelVersionId}`);
  if (version.kind !== "REWARD") throw new AppError("UNPROCESSABLE", `Model version ${modelVersionId} is a ${version.kind} model: scoring needs a reward model`);
  if (running >= MAX_CONCURRENT_SCORINGS) {
    throw new AppError("RATE_LIMITED", "A scoring is already running in this web process; try again shortly", { retryAfterSeconds: 5 });
  }
  running += 1;
  try {
    const out = await runScorer({ modelVersionId: version.id, items });
    if (!out.ok) throw new AppError("UNPROCESSABLE", out.message);
    const { mean, std } = out.normalisation;
    const sd = std > 0 ? std : 1;
    return {
      modelVersionId: version.id,
      name: version.name,
      normalisation: out.normalisation,
      items: out.scores.map((scores) => ({ scores, normalisedScores: scores.map((s) => (s - mean) / sd) })),
    };
  } finally {
    running -= 1;
  }
}
