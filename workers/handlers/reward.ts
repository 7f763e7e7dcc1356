// reward job: trains a reward model from all rankings so far (or since a date) with lib/ml/reward, initialised from
// a policy version; held-out split by prompt; checkpoints to the artifact store every few steps so a killed worker's
// job resumes on another worker; the result is a REWARD model version whose parent is that policy. Afterwards it
// scores the uncertainty of the open comparisons of projects with active selection (workers/ml/score-uncertainty).
import { findModelVersion } from "@/lib/models";
import { loadTrainingData, parseJobConfig } from "@/lib/jobs";
import { jobThreads } from "../job-threads";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { trainRewardModel, DEFAULT_REWARD_TRAIN_CONFIG, type RewardTrainConfig } from "@/lib/ml/reward/train-reward";
import type { RankingExample } from "@/lib/ml/reward/data";
import { fromCheckpoint, toCheckpoint } from "@/lib/ml/train/checkpoint-bridge";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { encodeCompletion, encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";
import { scoreUncertainty } from "../ml/score-uncertainty";
import { filterProjectIds } from "@/lib/data/export-filters";

export const rewardHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("reward", ctx.job.config);
  const policyVersion = await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.initFromId });
  if (!policyVersion) throw new PermanentJobError("No policy version to initialise the reward model from (run pretrain or activate one)");
  const { rankings, source } = await loadTrainingData({ db: ctx.db, data: config.data, ...(config.since ? { since: new Date(config.since) } : {}) });
  ctx.log("snapshotId" in source ? `data: snapshot ${source.name} (${source.snapshotId}, sha256 ${source.contentHash})` : `data: live rankings, filters ${JSON.stringify(source.filters)}`);
  if (rankings.length < 2) throw new PermanentJobError(`Only ${rankings.length} ranking(s) to train on; need at least 2`);
  const promptCount = new Set(rankings.map((r) => r.promptId)).size;
  ctx.log(`training on ${rankings.length} rankings of ${promptCount} prompts, initialised from policy ${policyVersion.name}`);

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const { tokenizer, modelConfig } = policy;
  const policyWeights = await policy.model.exportWeights();
  policy.model.dispose();
  const examples: RankingExample[] = rankings.map((r) => {
    const prompt = encodePrompt(tokenizer, r.prompt);
    return {
      promptId: r.promptId,
      sequences: r.ranked.map((c, j) => [...prompt, ...encodeCompletion(tokenizer, c, r.finishReasons[j])]),
      ...(r.ranks ? { ranks: r.ranks } : {}),
    };
  });

  const trainConfig: Partial<RewardTrainConfig> = {
    steps: config.steps,
    batchSize: config.batchSize,
    lr: config.lr,
    minLr: config.lr / 10,
    warmupSteps: Math.min(DEFAULT_REWARD_TRAIN_CONFIG.warmupSteps, Math.floor(config.steps / 10)),
    loss: config.loss,
    valFraction: config.heldOutFraction,
    evalEvery: config.evalEvery,
    // Set, not left to a resumed checkpoint's config: they change memory, not results (a job resumed from a checkpoint
    // written before micro-batching would otherwise score in chunks of 16 and peak at ~2 GB).
    microBatchSize: DEFAULT_REWARD_TRAIN_CONFIG.microBatchSize,
    evalBatchSize: DEFAULT_REWARD_TRAIN_CONFIG.evalBatchSize,
    maxLength: Math.min(DEFAULT_REWARD_TRAIN_CONFIG.maxLength, modelConfig.blockSize),
    seed: config.seed,
  };
  const saved = await ctx.store.load(ctx.resumeKey);
  const resume = saved
    ? fromCheckpoint<RewardTrainConfig>({
        checkpoint: saved,
        parseConfig: (raw) => ({ ...DEFAULT_REWARD_TRAIN_CONFIG, ...(raw as Partial<RewardTrainConfig>) }),
      })
    : undefined;
  if (resume) await ctx.resumedAt(resume.step);
  ctx.progress(resume?.step ?? 0, config.steps);

  const model = RewardModel.fromPolicy({ config: modelConfig, policyWeights, seed: config.seed });
  try {
    const result = await trainRewardModel({
      model,
      examples,
      padId: tokenizer.padId,
      config: trainConfig,
      resume,
      signal: ctx.signal,
      threads: jobThreads(ctx), // PODIUM_TRAIN_THREADS: threads sharing each step (default 2 on ≥ 2 cores; 1 on webgpu)
      checkpointEvery: config.checkpointEvery,
      onMetrics: (m) => {
        ctx.progress(m.step);
        ctx.metrics(m.step, {
          loss: m.loss,
          accuracy: m.accuracy,
          lr: m.lr,
          gradNorm: m.gradNorm,
          heldOutLoss: m.eval?.loss,
          heldOutAccuracy: m.eval?.accuracy,
          meanReward: m.eval?.meanReward,
        });
      },
      onCheckpoint: async (state) => {
        await ctx.store.save(ctx.resumeKey, toCheckpoint({ kind: "reward", state, modelConfig, tokenizer: tokenizer.toJSON() }));
      },
    });
    if (result.stopped) return { result: { stopped: true, steps: result.steps } };
    await ctx.store.save(
      ctx.modelKey,
      toCheckpoint({
        kind: "reward",
        state: result.state,
        modelConfig,
        tokenizer: tokenizer.toJSON(),
        withoutOptimizer: true,
        extra: { normalisation: { mean: result.normalisation.mean, std: result.normalisation.std } },
      }),
    );
    const metrics = {
      rankings: rankings.length,
      prompts: promptCount,
      steps: result.steps,
      finalTrainLoss: result.losses.at(-1) ?? null,
      heldOutLoss: result.finalEval?.loss ?? null,
      heldOutAccuracy: result.finalEval?.accuracy ?? null,
      meanReward: result.finalEval?.meanReward ?? null,
      rewardMean: result.normalisation.mean,
      rewardStd: result.normalisation.std,
    };
    ctx.log(`held-out accuracy ${metrics.heldOutAccuracy?.toFixed(3) ?? "n/a"}, loss ${metrics.heldOutLoss?.toFixed(4) ?? "n/a"}`);
    const uncertainty =
      config.uncertaintyHeads > 0
        ? await scoreUncertainty({
            ctx,
            model,
            tokenizer,
            examples,
            projectIds: "filters" in config.data ? filterProjectIds(config.data.filters) : null,
            heads: config.uncertaintyHeads,
            maxComparisons: config.uncertaintyMaxComparisons,
            maxLength: trainConfig.maxLength ?? modelConfig.blockSize,
            seed: config.seed,
          })
        : null;
    return {
      result: { ...metrics, data: toJson(source), ...(uncertainty ? { uncertainty } : {}) },
      modelVersion: {
        kind: "REWARD",
        name: config.name ?? `reward ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
        parentId: policyVersion.id,
        config: toJson({ job: config, trainer: { ...DEFAULT_REWARD_TRAIN_CONFIG, ...trainConfig }, data: source }),
        metrics,
        artifactKey: ctx.modelKey,
        activate: false,
      },
    };
  } finally {
    model.dispose();
  }
};

