// evaluate job: compares two or more policy versions (the first the baseline) on an eval prompt set with one reward
// model (lib/ml/eval): per version the mean reward, win rate against the baseline, KL to the reference policy, EOS
// rate, length and sample quality, plus a bounded set of completions side by side. The result is the job's `result`
// (an EvaluationResult); nothing else is written. Short: no checkpoints, a retry starts over.
import { AppError } from "@/lib/errors";
import {
  parseJobConfig,
  promptSelectorWhere,
  STORED_COMPLETION_CHARS,
  type EvaluationResult,
  type EvaluationSample,
} from "@/lib/jobs";
import { findModelVersion, type ResolvedModelVersion } from "@/lib/models";
import { evaluatePolicies } from "@/lib/ml/eval/evaluate-policies";
import type { Gpt } from "@/lib/ml/model/gpt";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy, type LoadedPolicy } from "../ml/load-models";
import { loadRlReward, newlineTokenIds, type RlReward } from "../ml/rl-job";
import { decodeCompletion, encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";

/** The versions to compare: the config's, else the active policy's parent then the active policy. */
async function resolvePolicies(options: { ctx: Parameters<JobHandler>[0]; ids: readonly string[] | undefined }): Promise<ResolvedModelVersion[]> {
  const { ctx, ids } = options;
  try {
    if (ids) return await Promise.all(ids.map(async (id) => (await findModelVersion({ db: ctx.db, kind: "POLICY", id })) as ResolvedModelVersion));
  } catch (err) {
    if (err instanceof AppError) throw new PermanentJobError(err.message);
    throw err;
  }
  const active = await findModelVersion({ db: ctx.db, kind: "POLICY" });
  if (!active) throw new PermanentJobError("No active policy: name the versions to compare in policyIds");
  const row = await ctx.db.modelVersion.findUnique({ where: { id: active.id }, select: { parentId: true } });
  if (!row?.parentId) throw new PermanentJobError(`The active policy ${active.name} has no parent: name the versions to compare in policyIds`);
  const parent = await findModelVersion({ db: ctx.db, kind: "POLICY", id: row.parentId });
  if (!parent) throw new PermanentJobError("The active policy's parent is gone: name the versions in policyIds");
  return [parent, active];
}

export const evaluateHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("evaluate", ctx.job.config);
  const versions = await resolvePolicies({ ctx, ids: config.policyIds });
  const baseline = versions[0] as ResolvedModelVersion;
  const referenceVersion = config.referenceId
    ? await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.referenceId }).catch((err: unknown) => {
        throw err instanceof AppError ? new PermanentJobError(err.message) : err;
      })
    : baseline;
  if (!referenceVersion) throw new PermanentJobError("No reference policy");
  const rewardVersion = await findModelVersion({ db: ctx.db, kind: "REWARD", id: config.rewardModelId }).catch((err: unknown) => {
    throw err instanceof AppError ? new PermanentJobError(err.message) : err;
  });
  if (!rewardVersion) throw new PermanentJobError("No reward model version yet: run a reward job first");

  const prompts = await ctx.db.prompt.findMany({
    where: promptSelectorWhere(config.prompts),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: config.maxPrompts,
    select: { id: true, text: true },
  });
  if (prompts.length === 0) throw new PermanentJobError("No prompts match config.prompts (default: the eval split)");

  const loaded: LoadedPolicy[] = [];
  let reference: Gpt | null = null;
  let rewards: RlReward | null = null;
  try {
    for (const v of versions) loaded.push(await loadPolicy({ store: ctx.store, key: v.artifactKey }));
    const first = loaded[0] as LoadedPolicy;
    const tokenizerJson = JSON.stringify(first.tokenizer.toJSON());
    loaded.forEach((l, i) => {
      if (JSON.stringify(l.tokenizer.toJSON()) !== tokenizerJson) {
        throw new PermanentJobError(`Policy ${versions[i]?.name} uses a different tokenizer than ${baseline.name}`);
      }
    });
    const shared = versions.findIndex((v) => v.id === referenceVersion.id);
    if (shared < 0) {
      const ref = await loadPolicy({ store: ctx.store, key: referenceVersion.artifactKey });
      reference = ref.model;
      if (JSON.stringify(ref.tokenizer.toJSON()) !== tokenizerJson) throw new PermanentJobError(`Reference ${referenceVersion.name} uses a different tokenizer`);
    }
    const { tokenizer } = first;
    rewards = await loadRlReward({ ctx, primary: rewardVersion, ensembleIds: [], disagreementPenalty: 0, tokenizer, policyName: baseline.name });
    ctx.log(
      `evaluating ${versions.map((v) => v.name).join(" vs ")} on ${prompts.length} prompts × ${config.samplesPerPrompt} samples with reward model ${rewardVersion.name} (KL to ${referenceVersion.name})`,
    );
    ctx.progress(0, versions.length);
    const evaluations = await evaluatePolicies({
      policies: loaded.map((l) => l.model),
      reference: reference ?? (loaded[shared] as LoadedPolicy).model,
      reward: rewards.reward,
      rewardStats: rewards.rewardStats,
      prompts: prompts.map((p) => encodePrompt(tokenizer, p.text)),
      eosId: tokenizer.eosId,
      padId: tokenizer.padId,
      newlineIds: newlineTokenIds(tokenizer),
      config: { samplesPerPrompt: config.samplesPerPrompt, temperature: config.sampling.temperature, maxNewTokens: config.sampling.maxTokens, seed: config.seed },
      onProgress: (done) => ctx.progress(done),
      signal: ctx.signal,
    });
    if (!evaluations) return { result: { stopped: true } };

    const samples: EvaluationSample[] = prompts.slice(0, config.storedPrompts).map((p, promptIndex) => ({
      promptId: p.id,
      prompt: p.text.slice(0, STORED_COMPLETION_CHARS),
      completions: evaluations.map((e) => {
        const s = e.samples[promptIndex * config.samplesPerPrompt];
        return {
          text: s ? decodeCompletion(tokenizer, s.tokens).slice(0, STORED_COMPLETION_CHARS) : "",
          score: s?.score ?? 0,
          finishReason: s?.finished ? "eos" : "length",
        };
      }),
    }));
    const result: EvaluationResult = {
      kind: "evaluation",
      rewardModelId: rewardVersion.id,
      rewardModelName: rewardVersion.name,
      referenceId: referenceVersion.id,
      prompts: prompts.length,
      samplesPerPrompt: config.samplesPerPrompt,
      temperature: config.sampling.temperature,
      maxTokens: config.sampling.maxTokens,
      versions: evaluations.map((e, i) => ({
        id: (versions[i] as ResolvedModelVersion).id,
        name: (versions[i] as ResolvedModelVersion).name,
        rewardMean: e.rewardMean,
        rewardStd: e.rewardStd,
        rewardNormalisedMean: e.rewardNormalisedMean,
        winRate: e.winRate,
        klToReference: e.klToReference,
        eosRate: e.eosRate,
        meanLength: e.meanLength,
        distinct1: e.distinct1,
        distinct2: e.distinct2,
        newlineRate: e.newlineRate,
        repetitionRate: e.repetitionRate,
      })),
      samples,
    };
    for (const v of result.versions) {
      ctx.log(`${v.name}: reward ${v.rewardMean.toFixed(3)}, win rate ${(v.winRate * 100).toFixed(0)} %, KL ${v.klToReference.toFixed(3)}, EOS ${(v.eosRate * 100).toFixed(0)} %`);
    }
    return { result: toJson(result) };
  } finally {
    loaded.forEach((l) => l.model.dispose());
    reference?.dispose();
    rewards?.dispose();
  }
};
