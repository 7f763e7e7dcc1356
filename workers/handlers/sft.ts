// sft job: supervised fine-tuning of a policy version (default the active one) on demonstrations and/or the
// consensus-best completions of ranked comparisons, with lib/ml/sft (loss on the response tokens only, EOS appended
// to every response). Held-out loss on prompts split off by hash (and every "eval"-split prompt). The result is a
// POLICY version whose lineage parent is the starting policy.
import { createHash } from "node:crypto";
import { findModelVersion } from "@/lib/models";
import { loadSftData, parseJobConfig } from "@/lib/jobs";
import {
  DEFAULT_SFT_CONFIG,
  sftStateFromCheckpoint,
  sftStateToCheckpoint,
  toSftExample,
  trainSft,
  type SftConfig,
  type SftExample,
} from "@/lib/ml/sft";
import { jobThreads } from "../job-threads";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";

/** Deterministic held-out split by prompt: a prompt is held out when its hash falls under the fraction. */
function heldOut(promptId: string, fraction: number, seed: number): boolean {
  const h = createHash("sha256").update(`${seed}:${promptId}`).digest().readUInt32BE(0);
  return h / 0x1_0000_0000 < fraction;
}

export const sftHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("sft", ctx.job.config);
  const policyVersion = await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.policyId });
  if (!policyVersion) throw new PermanentJobError("No policy version to fine-tune (run pretrain or activate one)");
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
    for (const d of data) {
      // The completion's own ids: toSftExample appends EOS, so every response teaches the model to stop.
      const example = toSftExample({ prompt: encodePrompt(tokenizer, d.prompt), response: tokenizer.encode(d.response), eosId: tokenizer.eosId, maxTokens });
      (d.split === "eval" || heldOut(d.promptId, config.heldOutFraction, config.seed) ? evalExamples : train).push(example);
    }
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
    const saved = await ctx.store.load(ctx.resumeKey);
    const resume = saved ? sftStateFromCheckpoint({ checkpoint: saved }) : undefined;
    if (resume) await ctx.resumedAt(resume.step);
    ctx.progress(resume?.step ?? 0, config.steps);

    const result = await trainSft({
      policy: policy.model,
      examples: train,
      evalExamples,
      config: trainerConfig,
      resume,
      signal: ctx.signal,
      threads: jobThreads(ctx), // PODIUM_TRAIN_THREADS: threads sharing each step (default 2 on ≥ 2 cores; 1 on webgpu)
      checkpointEvery: config.checkpointEvery,
      onMetrics: (m) => {
        ctx.progress(m.step);
        ctx.metrics(m.step, { loss: m.loss, heldOutLoss: m.evalLoss, gradNorm: m.gradNorm, lr: m.lr, tokens: m.tokens });
      },
      onCheckpoint: async (state) => {
        await ctx.store.save(ctx.resumeKey, sftStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }));
      },
    });
    if (result.stopped) return { result: { stopped: true, steps: result.steps } };
    await ctx.store.save(
      ctx.modelKey,
      sftStateToCheckpoint({ state: result.state, modelConfig, tokenizer: tokenizer.toJSON(), weightsOnly: true, extra: { parent: policyVersion.id } }),
    );
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
      result: metrics,
      modelVersion: {
        kind: "POLICY",
        name: config.name ?? `sft ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
        parentId: policyVersion.id,
        config: toJson({ job: config, trainer: trainerConfig }),
        metrics,
        artifactKey: ctx.modelKey,
        activate: config.activate,
      },
    };
  } finally {
    policy.model.dispose();
  }
};
