// generate job: writes K = 5 completions for each selected prompt and one Comparison per prompt for labelers to rank.
// The generator is a policy version (default the active one; lib/ml/sampling with the KV cache, batched, seeded) or an
// external OpenAI-compatible completions endpoint (key from the worker's environment, never stored). Each batch is
// committed on its own, so a resumed or retried job continues with the prompts still missing.
import { COMPLETIONS_PER_COMPARISON } from "@/lib/data";
import { parseJobConfig, selectGenerationPrompts, storeGeneratedComparisons, type TExternalEndpoint, type TGenerateConfig } from "@/lib/jobs";
import { findModelVersion } from "@/lib/models";
import { TrainThreads, generateOnThreads, replicaSpecFor } from "@/lib/ml/parallel";
import { jobThreads } from "../job-threads";
import { z } from "zod";
import { PermanentJobError, type JobContext, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { decodeCompletion, encodePrompt } from "../ml/text";

const K = COMPLETIONS_PER_COMPARISON;
const EXTERNAL_TIMEOUT_MS = 120_000;

/** One written completion and how its generation ended ("eos", "length", or null when the generator did not say). */
interface Written {
  text: string;
  finishReason: "eos" | "length" | null;
}

type Writer = (prompts: { id: string; text: string }[], batchIndex: number) => Promise<Written[][]>;

async function runBatches(options: {
  ctx: JobContext;
  config: TGenerateConfig;
  prompts: { id: string; text: string }[];
  write: Writer;
  source: string;
  modelVersionId: string | null;
}): Promise<{ comparisons: number; batches: number }> {
  const { ctx, config, prompts, write, source, modelVersionId } = options;
  const total = Math.ceil(prompts.length / config.batchSize);
  ctx.progress(0, total);
  let comparisons = 0;
  let batches = 0;
  for (let b = 0; b < total; b++) {
    if (ctx.signal.aborted) break;
    const batch = prompts.slice(b * config.batchSize, (b + 1) * config.batchSize);
    const t0 = performance.now();
    const written = await write(batch, b);
    const items = batch
      .map((p, i) => ({
        promptId: p.id,
        completions: (written[i] ?? []).map((w) => w.text),
        finishReasons: (written[i] ?? []).map((w) => w.finishReason),
      }))
      .filter((it) => it.completions.length === K);
    comparisons += await storeGeneratedComparisons({ db: ctx.db, items, source, modelVersionId, requiredRankings: config.requiredRankings });
    batches += 1;
    const seconds = (performance.now() - t0) / 1000;
    ctx.progress(batches, total);
    const reasons = items.flatMap((it) => it.finishReasons.filter((r) => r !== null));
    ctx.metrics(batches, {
      comparisons,
      promptsPerSecond: batch.length / Math.max(seconds, 1e-6),
      meanCompletionChars: mean(items.flatMap((it) => it.completions.map((c) => c.length))),
      eosFraction: reasons.length ? mean(reasons.map((r) => (r === "eos" ? 1 : 0))) : null,
    });
    await new Promise((r) => setImmediate(r));
  }
  return { comparisons, batches };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

const ZCompletionsResponse = z.object({
  choices: z.array(z.object({ text: z.string(), index: z.number().optional(), finish_reason: z.string().nullish() })),
});

/** OpenAI's finish_reason: "stop" (a stop sequence or the model's end token) → "eos", "length" → "length". */
function finishReasonOf(reason: string | null | undefined): Written["finishReason"] {
  if (reason === "stop") return "eos";
  if (reason === "length") return "length";
  return null;
}

/** One call to an OpenAI-compatible /completions endpoint; falls back to single-sample calls if `n` is ignored. */
async function externalCompletions(options: {
  endpoint: TExternalEndpoint;
  apiKey: string | undefined;
  prompt: string;
  config: TGenerateConfig;
  seed: number;
  signal: AbortSignal;
}): Promise<Written[]> {
  const { endpoint, apiKey, prompt, config, seed, signal } = options;
  const url = `${endpoint.baseUrl.replace(/\/+$/, "")}/completions`;
  const call = async (n: number, callSeed: number): Promise<Written[]> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({
        model: endpoint.model,
        prompt,
        n,
        max_tokens: config.sampling.maxTokens,
        temperature: config.sampling.temperature,
        top_p: config.sampling.topP,
        seed: callSeed,
      }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(EXTERNAL_TIMEOUT_MS)]),
    });
    const text = await res.text();
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      throw new PermanentJobError(`External endpoint ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    }
    if (!res.ok) throw new Error(`External endpoint ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    const parsed = ZCompletionsResponse.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`External endpoint ${url} returned no completions choices`);
    return parsed.data.choices.map((c) => ({ text: c.text.trim(), finishReason: finishReasonOf(c.finish_reason) }));
  };
  const first = await call(K, seed);
  if (first.length >= K) return first.slice(0, K);
  const out = [...first];
  for (let i = out.length; i < K; i++) out.push(...(await call(1, seed + i)));
  return out.slice(0, K);
}

export const generateHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("generate", ctx.job.config);
  if (config.source === "external") {
    const endpoint = config.external;
    if (!endpoint) throw new PermanentJobError('source "external" needs external: {baseUrl, model}');
    const apiKey = process.env[endpoint.apiKeyEnv];
    if (!apiKey) ctx.log(`${endpoint.apiKeyEnv} is not set in the worker's environment; calling without a key`, "warn");
    const source = `external:${endpoint.model}`;
    const prompts = await selectGenerationPrompts({
      db: ctx.db,
      mode: config.prompts,
      generator: { source },
      limit: config.maxPrompts,
      ...(config.projectId ? { projectId: config.projectId } : {}),
      preferUncertain: config.preferUncertain,
    });
    ctx.log(`${prompts.length} prompts → ${endpoint.baseUrl} (${endpoint.model})`);
    const write: Writer = async (batch, b) =>
      Promise.all(
        batch.map((p, i) =>
          externalCompletions({ endpoint, apiKey, prompt: p.text, config, seed: config.seed + b * config.batchSize + i, signal: ctx.signal }),
        ),
      );
    const done = await runBatches({ ctx, config, prompts, write, source, modelVersionId: null });
    return { result: { ...done, prompts: prompts.length, source } };
  }

  const version = await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.modelVersionId });
  if (!version) throw new PermanentJobError("No policy version to generate with (run pretrain or activate one)");
  const prompts = await selectGenerationPrompts({
    db: ctx.db,
    mode: config.prompts,
    generator: { modelVersionId: version.id },
    limit: config.maxPrompts,
    ...(config.projectId ? { projectId: config.projectId } : {}),
    preferUncertain: config.preferUncertain,
  });
  ctx.log(`${prompts.length} prompts × ${K} completions with policy ${version.name}`);
  if (prompts.length === 0) return { result: { comparisons: 0, batches: 0, prompts: 0, modelVersionId: version.id } };
  const policy = await loadPolicy({ store: ctx.store, key: version.artifactKey });
  const { tokenizer, model } = policy;
  // PODIUM_TRAIN_THREADS: threads that decode a batch's rows side by side (default 2 on ≥ 2 cores; 1 on webgpu).
  const spec = replicaSpecFor({ gpt: model });
  const threads = spec ? await TrainThreads.start({ threads: jobThreads(ctx), spec }).catch((err: unknown) => {
    model.dispose();
    throw err;
  }) : null;
  try {
    const maxNewTokens = Math.min(config.sampling.maxTokens, model.config.blockSize - 1);
    const write: Writer = async (batch, b) => {
      const completions = await generateOnThreads({
        model,
        threads,
        prompts: batch.map((p) => encodePrompt(tokenizer, p.text)),
        numSamples: K,
        eosId: tokenizer.eosId,
        config: { temperature: config.sampling.temperature, topK: config.sampling.topK, topP: config.sampling.topP, maxNewTokens },
        seed: config.seed + b,
      });
      const out: Written[][] = batch.map(() => []);
      for (const c of completions) {
        out[c.promptIndex]?.push({ text: decodeCompletion(tokenizer, c.tokens) || "(empty)", finishReason: c.finishReason });
      }
      return out;
    };
    const done = await runBatches({ ctx, config, prompts, write, source: "policy", modelVersionId: version.id });
    return { result: { ...done, prompts: prompts.length, modelVersionId: version.id } };
  } finally {
    await threads?.close();
    model.dispose();
  }
};
