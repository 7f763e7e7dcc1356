// rloo job: fine-tunes a policy version against a reward model version with lib/ml/rl's RLOO (k responses per prompt,
// each one's baseline the mean reward of the other k − 1, KL to the frozen starting policy in the reward, no value
// model), sharing PPO's start-up, rollout scoring, truncation option and metrics. The result is a POLICY version
// (parent = the starting policy), active only when the config says so. Checkpoints through the artifact store; resumes.
import { parseJobConfig } from "@/lib/jobs";
import { rlooStateFromCheckpoint, rlooStateToCheckpoint, trainRloo, type RlooConfigOverrides, type RlooMetrics } from "@/lib/ml/rl";
import type { JobHandler } from "../job-context";
import { miniBatchFor, prepareRlJob, rewardModelShareWarner, rlFinishedPolicy, rlPolicyArtifactOptions, rlTrainInputs, rolloutMetrics, truncationOf } from "../ml/rl-job";
import { runTrainer } from "./run-trainer";

export const rlooHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("rloo", ctx.job.config);
  const rl = await prepareRlJob(ctx, config, "RLOO");
  const { policyVersion, rewardVersion, policy, rewards } = rl;
  const { tokenizer, modelConfig } = policy;
  try {
    const trainerConfig: RlooConfigOverrides = {
      steps: config.steps,
      promptsPerStep: config.promptsPerStep,
      k: config.k,
      miniBatchSize: miniBatchFor(config.promptsPerStep * config.k, 16),
      epochs: config.epochs,
      maxNewTokens: rl.maxNewTokens,
      temperature: config.sampling.temperature,
      lr: config.lr,
      clipRange: config.clipRange,
      kl: { mode: config.adaptiveKl ? "adaptive" : "fixed", initCoef: config.klCoef, target: config.targetKl, horizon: 10_000 },
      whitenAdvantages: config.whitenAdvantages,
      rewardStats: rewards.rewardStats,
      ...truncationOf(config),
      seed: config.seed,
    };
    ctx.log(
      `RLOO of ${policyVersion.name} against ${rewardVersion.name} on ${rl.promptCount} prompts (${config.promptsPerStep} prompts × k ${config.k} per step, β ${config.klCoef}; truncated responses: ${config.truncated})`,
    );
    const warn = rewardModelShareWarner(ctx);
    return await runTrainer(ctx, "rloo", {
      steps: config.steps,
      checkpointEvery: config.checkpointEvery,
      resumeFrom: (checkpoint) => rlooStateFromCheckpoint({ checkpoint }),
      toCheckpoint: (state) => rlooStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }),
      metricsOf: (m: RlooMetrics) => {
        warn(m.step, m);
        return {
          ...rolloutMetrics(m),
          ensembleDisagreement: rewards.disagreement(),
          kl: m.kl,
          beta: m.beta,
          rlhfReward: m.rlhfReward,
          advantageAbs: m.advantageAbs,
          entropy: m.entropy,
          policyLoss: m.policyLoss,
          clipFrac: m.clipFrac,
          approxKl: m.approxKl,
          lr: m.lr,
        };
      },
      train: (loop) =>
        trainRloo({ ...rlTrainInputs(rl), config: trainerConfig, ...loop }),
      finish: (result) =>
        rlFinishedPolicy({ rl, config, trainerConfig, result, artifact: rlooStateToCheckpoint({ state: result.state, ...rlPolicyArtifactOptions(rl) }) }),
    });
  } finally {
    rl.dispose();
  }
};
