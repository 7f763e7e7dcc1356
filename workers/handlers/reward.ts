// reward job: trains a reward model from all rankings so far (or since a date) with lib/ml/reward, initialised from
// a policy version; held-out split by prompt; checkpoints to the artifact store every few steps so a killed worker's
// job resumes on another worker; the result is a REWARD model version whose parent is that policy. Afterwards it
// scores the uncertainty of the open comparisons of projects with active selection (workers/ml/score-uncertainty).
import { parseJobConfig } from "@/lib/jobs";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { trainRewardModel, DEFAULT_REWARD_TRAIN_CONFIG, type RewardMetrics, type RewardTrainConfig } from "@/lib/ml/reward/train-reward";
import type { RankingExample } from "@/lib/ml/reward/data";
import { fromCheckpoint, toCheckpoint } from "@/lib/ml/train/checkpoint-bridge";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { encodeCompletion, encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";
import { scoreUncertainty } from "../ml/score-uncertainty";
import { filterProjectIds } from "@/lib/data/export-filters";
import { loadJobRankings, mapWithHeartbeat, runTrainer, startingPolicy } from "./run-trainer";

export const rewardHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("reward", ctx.job.config);
  const policyVersion = await startingPolicy(ctx, config.initFromId, "to initialise the reward model from");
  const { rankings, source } = await loadJobRankings(ctx, config);
  if (rankings.length < 2) throw new PermanentJobError(`Only ${rankings.length} ranking(s) to train on; need at least 2`);
  const promptCount = new Set(rankings.map((r) => r.promptId)).size;
  ctx.log(`training on ${rankings.length} rankings of ${promptCount} prompts, initialised from policy ${policyVersion.name}`);

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const { tokenizer, modelConfig } = policy;
  const policyWeights = await policy.model.exportWeights();
  policy.model.dispose();
  const examples: RankingExample[] = await mapWithHeartbeat(ctx, rankings, (r) => {
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
  const model = RewardModel.fromPolicy({ config: modelConfig, policyWeights, seed: config.seed });
  try {
    return await runTrainer(ctx, "reward", {
      steps: config.steps,
      checkpointEvery: config.checkpointEvery,
      resumeFrom: (checkpoint) =>
        fromCheckpoint<RewardTrainConfig>({ checkpoint, parseConfig: (raw) => ({ ...DEFAULT_REWARD_TRAIN_CONFIG, ...(raw as Partial<RewardTrainConfig>) }) }),
      toCheckpoint: (state) => toCheckpoint({ kind: "reward", state, modelConfig, tokenizer: tokenizer.toJSON() }),
      metricsOf: (m: RewardMetrics) => ({
        loss: m.loss,
        accuracy: m.accuracy,
        lr: m.lr,
        gradNorm: m.gradNorm,
        heldOutLoss: m.eval?.loss,
        heldOutAccuracy: m.eval?.accuracy,
        meanReward: m.eval?.meanReward,
      }),
      train: (loop) => trainRewardModel({ model, examples, padId: tokenizer.padId, config: trainConfig, ...loop }),
      finish: async (result) => {
        const normalisation = result.normalisation ?? { mean: 0, std: 1 };
        const metrics = {
          rankings: rankings.length,
          prompts: promptCount,
          steps: result.steps,
          finalTrainLoss: result.losses.at(-1) ?? null,
          heldOutLoss: result.finalEval?.loss ?? null,
          heldOutAccuracy: result.finalEval?.accuracy ?? null,
          meanReward: result.finalEval?.meanReward ?? null,
          rewardMean: normalisation.mean,
          rewardStd: normalisation.std,
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
          artifact: toCheckpoint({
            kind: "reward",
            state: result.state,
            modelConfig,
            tokenizer: tokenizer.toJSON(),
            withoutOptimizer: true,
            extra: { normalisation: { mean: normalisation.mean, std: normalisation.std } },
          }),
          metrics,
          result: { ...metrics, data: toJson(source), ...(uncertainty ? { uncertainty } : {}) },
          version: {
            kind: "REWARD",
            name: config.name,
            parentId: policyVersion.id,
            config: { job: config, trainer: { ...DEFAULT_REWARD_TRAIN_CONFIG, ...trainConfig }, data: source },
            activate: false,
          },
        };
      },
    });
  } finally {
    model.dispose();
  }
};
