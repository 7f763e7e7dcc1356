// ppo job: fine-tunes a policy version against a reward model version with lib/ml/rl's PPO (per-token KL to the
// frozen starting policy, value head, GAE, clipped losses, whitening, truncated responses scored as `truncated` says,
// rewards normalised with the reward model's saved statistics). Prompts: the stored prompts. The result is a POLICY
// version (parent = the starting policy), active only when the config says so. Checkpoints through the artifact store;
// resumes.
import { parseJobConfig } from "@/lib/jobs";
import { ppoStateFromCheckpoint, ppoStateToCheckpoint, SharedValueHead, trainPpo, type PpoConfig, type PpoMetrics } from "@/lib/ml/rl";
import type { JobHandler } from "../job-context";
import { miniBatchFor, prepareRlJob, rewardModelShareWarner, rlFinishedPolicy, rlPolicyArtifactOptions, rlTrainInputs, rolloutMetrics, truncationOf } from "../ml/rl-job";
import { runTrainer } from "./run-trainer";

export const ppoHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("ppo", ctx.job.config);
  const rl = await prepareRlJob(ctx, config, "PPO");
  const { policyVersion, rewardVersion, policy, rewards } = rl;
  const { tokenizer, modelConfig } = policy;
  const valueModel = new SharedValueHead({ hiddenSize: modelConfig.nEmbd, seed: config.seed });
  try {
    const trainerConfig: Partial<PpoConfig> = {
      steps: config.steps,
      batchSize: config.batchSize,
      miniBatchSize: miniBatchFor(config.batchSize, 4),
      ppoEpochs: config.ppoEpochs,
      maxNewTokens: rl.maxNewTokens,
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
    ctx.log(
      `PPO of ${policyVersion.name} against ${rewardVersion.name} on ${rl.promptCount} prompts (β ${config.klCoef}${config.adaptiveKl ? `, adaptive → KL ${config.targetKl}` : ""}; truncated responses: ${config.truncated})`,
    );
    const warn = rewardModelShareWarner(ctx);
    return await runTrainer(ctx, "ppo", {
      steps: config.steps,
      checkpointEvery: config.checkpointEvery,
      resumeFrom: (checkpoint) => ppoStateFromCheckpoint({ checkpoint }),
      toCheckpoint: (state) => ppoStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }),
      metricsOf: (m: PpoMetrics) => {
        warn(m.step, m);
        return {
          ...rolloutMetrics(m),
          ensembleDisagreement: rewards.disagreement(),
          kl: m.kl,
          beta: m.beta,
          entropy: m.entropy,
          policyLoss: m.policyLoss,
          valueLoss: m.valueLoss,
          clipFrac: m.clipFrac,
          approxKl: m.approxKl,
          lr: m.lr,
        };
      },
      train: (loop) =>
        trainPpo({ ...rlTrainInputs(rl), valueModel, config: trainerConfig, ...loop }),
      finish: (result) =>
        rlFinishedPolicy({ rl, config, trainerConfig, result, artifact: ppoStateToCheckpoint({ state: result.state, ...rlPolicyArtifactOptions(rl) }) }),
    });
  } finally {
    rl.dispose();
    valueModel.dispose();
  }
};
