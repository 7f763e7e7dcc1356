// sft job: supervised fine-tuning of a policy version (default the active one) on demonstrations and/or the
// consensus-best completions of ranked comparisons, with lib/ml/sft (loss on the response tokens only, EOS appended
// to every response). Held-out loss on prompts split off by hash (and every "eval"-split prompt). The result is a
// POLICY version whose lineage parent is the starting policy.
import { loadSftData, parseJobConfig } from "@/lib/jobs";
import {
  DEFAULT_SFT_CONFIG,
  sftStateFromCheckpoint,
  sftStateToCheckpoint,
  toSftExample,
  trainSft,
  type SftConfig,
  type SftExample,
  type SftMetrics,
} from "@/lib/ml/sft";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { encodePrompt } from "../ml/text";
import { heldOutByPrompt, mapWithHeartbeat, runTrainer, startingPolicy } from "./run-trainer";

export const sftHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("sft", ctx.job.config);
  const policyVersion = await startingPolicy(ctx, config.policyId);
  const data = await loadSftData({
    db: ctx.db,
    source: config.source,
    projectIds: config.projectIds,
    minRankings: config.minRankings,
    ...(config.prompts ? { prompts: config.prompts } : {}),
  });
  if (data.length === 0) {
    throw new PermanentJobError(
      config.source === "demonstrations"
        ? "No demonstrations to train on (import some: POST /api/v1/demonstrations)"
        : `No training data for source "${config.source}" (demonstrations, or comparisons with ≥ ${config.minRankings} rankings)`,
    );
  }

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const { tokenizer, modelConfig } = policy;
  try {
    const maxTokens = Math.min(config.maxTokens, modelConfig.blockSize);
    const train: SftExample[] = [];
    const evalExamples: SftExample[] = [];
    await mapWithHeartbeat(ctx, data, (d) => {
      // The completion's own ids: toSftExample appends EOS, so every response teaches the model to stop.
      const example = toSftExample({ prompt: encodePrompt(tokenizer, d.prompt), response: tokenizer.encode(d.response), eosId: tokenizer.eosId, maxTokens });
      (d.split === "eval" || heldOutByPrompt(d.promptId, config.heldOutFraction, config.seed) ? evalExamples : train).push(example);
    });
    if (train.length === 0) throw new PermanentJobError("Every example fell in the held-out split; lower heldOutFraction");
    const demos = data.filter((d) => d.source === "demonstration").length;
    ctx.log(
      `SFT of ${policyVersion.name} on ${train.length} examples (${evalExamples.length} held out): ${demos} demonstrations, ${data.length - demos} consensus-best completions`,
    );

    const trainerConfig: Partial<SftConfig> = {
      steps: config.steps,
      batchSize: config.batchSize,
      lr: config.lr,
      // Set, not left to a resumed checkpoint's config: it changes memory, not results.
      microBatchSize: DEFAULT_SFT_CONFIG.microBatchSize,
      evalEvery: config.evalEvery,
      warmupSteps: Math.min(10, Math.floor(config.steps / 10)),
      seed: config.seed,
    };
    return await runTrainer(ctx, "sft", {
      steps: config.steps,
      checkpointEvery: config.checkpointEvery,
      resumeFrom: (checkpoint) => sftStateFromCheckpoint({ checkpoint }),
      toCheckpoint: (state) => sftStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }),
      metricsOf: (m: SftMetrics) => ({ loss: m.loss, heldOutLoss: m.evalLoss, gradNorm: m.gradNorm, lr: m.lr, tokens: m.tokens }),
      train: (loop) => trainSft({ policy: policy.model, examples: train, evalExamples, config: trainerConfig, ...loop }),
      finish: (result) => {
        const metrics = {
          steps: result.steps,
          examples: train.length,
          heldOutExamples: evalExamples.length,
          demonstrations: demos,
          consensusBest: data.length - demos,
          loss: result.lastMetrics?.loss ?? null,
          heldOutLoss: result.lastEvalLoss,
        };
        return {
          artifact: sftStateToCheckpoint({ state: result.state, modelConfig, tokenizer: tokenizer.toJSON(), weightsOnly: true, extra: { parent: policyVersion.id } }),
          metrics,
          version: { kind: "POLICY", name: config.name, parentId: policyVersion.id, config: { job: config, trainer: trainerConfig }, activate: config.activate },
        };
      },
    });
  } finally {
    policy.model.dispose();
  }
};
