// ppo job: fine-tunes a policy version against a reward model version with lib/ml/rl's PPO (per-token KL to the
// frozen starting policy, value head, GAE, clipped losses, whitening, truncated responses scored as `truncated` says,
// rewards normalised with the reward model's saved statistics). Prompts: the stored prompts. The result is a POLICY version (parent = the
// starting policy), active only when the config says so. Checkpoints through the artifact store; resumes.
import { findModelVersion } from "@/lib/models";
import { loadRlPrompts, parseJobConfig } from "@/lib/jobs";
import { jobThreads } from "../job-threads";
import { Gpt } from "@/lib/ml/model/gpt";
import {
  gptSampler,
  ppoStateFromCheckpoint,
  ppoStateToCheckpoint,
  SharedValueHead,
  trainPpo,
  type PpoConfig,
} from "@/lib/ml/rl";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { loadRlReward, newlineTokenIds, rewardModelShareWarner, rolloutMetrics, truncationOf, type RlReward } from "../ml/rl-job";
import { encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";

/** Prompts the rollouts draw from (the newest ones when there are more). */
export const MAX_PPO_PROMPTS = 5_000;

/** Largest divisor of n that is at most `cap` (PPO's minibatch must divide the rollout batch). */
function miniBatchFor(n: number, cap: number): number {
  for (let m = Math.min(n, cap); m > 1; m--) if (n % m === 0) return m;
  return 1;
}

export const ppoHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("ppo", ctx.job.config);
  const policyVersion = await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.policyId });
  if (!policyVersion) throw new PermanentJobError("No policy version to fine-tune (run pretrain or activate one)");
  const rewardVersion = await findModelVersion({ db: ctx.db, kind: "REWARD", id: config.rewardModelId });
  if (!rewardVersion) throw new PermanentJobError("No reward model version yet: run a reward job first");
  if (config.sampling.temperature <= 0) throw new PermanentJobError("PPO needs sampling.temperature > 0");

  // The train split only (eval prompts are held out), narrowed by the job's prompt selector and projects.
  const prompts = await loadRlPrompts({ db: ctx.db, selector: config.prompts, projectIds: config.projectIds, limit: MAX_PPO_PROMPTS });
  if (prompts.length === 0) throw new PermanentJobError("No train-split prompts to roll out on: import prompts first (or widen config.prompts)");

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const reference = Gpt.fromWeights({ config: policy.modelConfig, weights: await policy.model.exportWeights() });
  const valueModel = new SharedValueHead({ hiddenSize: policy.modelConfig.nEmbd, seed: config.seed });
  const { tokenizer, modelConfig } = policy;
  let rewards: RlReward | null = null;
  try {
    rewards = await loadRlReward({
      ctx,
      primary: rewardVersion,
      ensembleIds: config.ensembleRewardModelIds,
      disagreementPenalty: config.disagreementPenalty,
      tokenizer,
      policyName: policyVersion.name,
    });
    if (rewards.versionIds.length > 1) {
      ctx.log(`conservative reward: mean − ${config.disagreementPenalty}·std over ${rewards.versionIds.length} reward models`);
    }
    // Prompt and response share the context: responses get at most half of it.
    const maxNewTokens = Math.min(config.sampling.maxTokens, Math.floor(modelConfig.blockSize / 2));
    if (maxNewTokens < config.sampling.maxTokens) ctx.log(`sampling.maxTokens capped at ${maxNewTokens} (half the context)`, "warn");
    const maxPrompt = modelConfig.blockSize - maxNewTokens;
    const promptIds = prompts.map((p) => encodePrompt(tokenizer, p.text).slice(-maxPrompt));
    const trainerConfig: Partial<PpoConfig> = {
      steps: config.steps,
      batchSize: config.batchSize,
      miniBatchSize: miniBatchFor(config.batchSize, 4),
      ppoEpochs: config.ppoEpochs,
      maxNewTokens,
      temperature: config.sampling.temperature,
      lr: config.lr,
      gamma: config.gamma,
      lambda: config.lambda,
      clipRange: config.clipRange,
      clipRangeValue: config.valueClipRange,
      vfCoef: config.vfCoef,
      kl: { mode: config.adaptiveKl ? "adaptive" : "fixed", initCoef: config.klCoef, target: config.targetKl, horizon: 10_000 },
      rewardStats: rewards.rewardStats,
      ...truncationOf(config),
      seed: config.seed,
    };
    const saved = await ctx.store.load(ctx.resumeKey);
    const resume = saved ? ppoStateFromCheckpoint({ checkpoint: saved }) : undefined;
    if (resume) await ctx.resumedAt(resume.step);
    ctx.progress(resume?.step ?? 0, config.steps);
    ctx.log(
      `PPO of ${policyVersion.name} against ${rewardVersion.name} on ${prompts.length} prompts (β ${config.klCoef}${config.adaptiveKl ? `, adaptive → KL ${config.targetKl}` : ""}; truncated responses: ${config.truncated})`,
    );
    const warn = rewardModelShareWarner(ctx);

    const result = await trainPpo({
      policy: policy.model,
      reference,
      valueModel,
      reward: rewards.reward,
      sampler: gptSampler({ model: policy.model }),
      prompts: promptIds,
      newlineIds: newlineTokenIds(tokenizer),
      eosId: tokenizer.eosId,
      padId: tokenizer.padId,
      threads: jobThreads(ctx), // PODIUM_TRAIN_THREADS: threads sharing each step (default 2 on ≥ 2 cores; 1 on webgpu)
      config: trainerConfig,
      resume,
      signal: ctx.signal,
      checkpointEvery: config.checkpointEvery,
      onMetrics: (m) => {
        ctx.progress(m.step);
        warn(m.step, m);
        ctx.metrics(m.step, {
          ...rolloutMetrics(m),
          ensembleDisagreement: rewards?.disagreement() ?? null,
          kl: m.kl,
          beta: m.beta,
          entropy: m.entropy,
          policyLoss: m.policyLoss,
          valueLoss: m.valueLoss,
          clipFrac: m.clipFrac,
          approxKl: m.approxKl,
          lr: m.lr,
        });
      },
      onCheckpoint: async (state) => {
        await ctx.store.save(ctx.resumeKey, ppoStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }));
      },
    });
    if (result.stopped) return { result: { stopped: true, steps: result.steps } };
    await ctx.store.save(
      ctx.modelKey,
      ppoStateToCheckpoint({
        state: result.state,
        modelConfig,
        tokenizer: tokenizer.toJSON(),
        weightsOnly: true,
        extra: { parent: policyVersion.id, rewardModel: rewardVersion.id },
      }),
    );
    const last = result.lastMetrics;
    const metrics = {
      steps: result.steps,
      reward: last?.rewardRaw ?? null,
      kl: last?.kl ?? null,
      entropy: last?.entropy ?? null,
      responseLength: last?.responseLength ?? null,
      eosFraction: last?.eosFraction ?? null,
      rewardModelShare: last?.rewardModelShare ?? null,
      rewardModelId: rewardVersion.id,
    };
    return {
      result: metrics,
      modelVersion: {
        kind: "POLICY",
        name: config.name ?? `ppo ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
        parentId: policyVersion.id,
        config: toJson({ job: config, trainer: trainerConfig, rewardModelId: rewardVersion.id, rewardModelIds: rewards.versionIds }),
        metrics,
        artifactKey: ctx.modelKey,
        activate: config.activate,
      },
    };
  } finally {
    policy.model.dispose();
    reference.dispose();
    rewards?.dispose();
    valueModel.dispose();
  }
};
