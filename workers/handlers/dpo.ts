// dpo job: trains a policy version straight from the ranking pairs with lib/ml/rl's DPO (β sigmoid loss, optional
// NLL term on the chosen response), against the frozen starting policy whose log-probs are computed once up front.
// Held-out pairs split by prompt. The result is a POLICY version (parent = the starting policy).
import { createHash } from "node:crypto";
import { findModelVersion } from "@/lib/models";
import { loadTrainingData, parseJobConfig } from "@/lib/jobs";
import { jobThreads } from "../job-threads";
import { Gpt } from "@/lib/ml/model/gpt";
import {
  computeReferenceLogProbs,
  DEFAULT_DPO_CONFIG,
  dpoStateFromCheckpoint,
  dpoStateToCheckpoint,
  pairsFromRanking,
  trainDpo,
  type DpoConfig,
  type PreferencePair,
} from "@/lib/ml/rl";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { encodeCompletion, encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";

/** Deterministic held-out split by prompt: a prompt is held out when its hash falls under the fraction. */
function heldOut(promptId: string, fraction: number, seed: number): boolean {
  const h = createHash("sha256").update(`${seed}:${promptId}`).digest().readUInt32BE(0);
  return h / 0x1_0000_0000 < fraction;
}

export const dpoHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("dpo", ctx.job.config);
  const policyVersion = await findModelVersion({ db: ctx.db, kind: "POLICY", id: config.policyId });
  if (!policyVersion) throw new PermanentJobError("No policy version to fine-tune (run pretrain or activate one)");
  const { rankings, source } = await loadTrainingData({ db: ctx.db, data: config.data, ...(config.since ? { since: new Date(config.since) } : {}) });
  ctx.log("snapshotId" in source ? `data: snapshot ${source.name} (${source.snapshotId}, sha256 ${source.contentHash})` : `data: live rankings, filters ${JSON.stringify(source.filters)}`);
  if (rankings.length === 0) throw new PermanentJobError("No rankings to train on yet");

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const reference = Gpt.fromWeights({ config: policy.modelConfig, weights: await policy.model.exportWeights() });
  const { tokenizer, modelConfig } = policy;
  try {
    const train: PreferencePair[] = [];
    const evalPairs: PreferencePair[] = [];
    for (const r of rankings) {
      const pairs = pairsFromRanking({
        prompt: encodePrompt(tokenizer, r.prompt),
        ranked: r.ranked.map((c, j) => encodeCompletion(tokenizer, c, r.finishReasons[j])),
        ...(r.ranks ? { ranks: r.ranks } : {}),
      });
      (heldOut(r.promptId, config.heldOutFraction, config.seed) ? evalPairs : train).push(...pairs);
    }
    if (train.length === 0) throw new PermanentJobError("Every ranking fell in the held-out split; lower heldOutFraction");
    ctx.log(`DPO of ${policyVersion.name} on ${train.length} pairs (${evalPairs.length} held out) from ${rankings.length} rankings`);
    // The reference never changes: its log-probs are computed once (also on resume, deterministically).
    const pairs = await computeReferenceLogProbs({ reference, pairs: train });
    const heldOutPairs = await computeReferenceLogProbs({ reference, pairs: evalPairs });

    const trainerConfig: Partial<DpoConfig> = {
      steps: config.steps,
      batchSize: config.batchSize,
      lr: config.lr,
      beta: config.beta,
      rpoAlpha: config.nllCoef,
      // Set, not left to a resumed checkpoint's config: it changes memory, not results.
      microBatchSize: DEFAULT_DPO_CONFIG.microBatchSize,
      evalEvery: config.evalEvery,
      warmupSteps: Math.min(10, Math.floor(config.steps / 10)),
      seed: config.seed,
    };
    const saved = await ctx.store.load(ctx.resumeKey);
    const resume = saved ? dpoStateFromCheckpoint({ checkpoint: saved }) : undefined;
    if (resume) await ctx.resumedAt(resume.step);
    ctx.progress(resume?.step ?? 0, config.steps);

    const result = await trainDpo({
      policy: policy.model,
      reference,
      pairs,
      evalPairs: heldOutPairs,
      config: trainerConfig,
      resume,
      signal: ctx.signal,
      threads: jobThreads(ctx), // PODIUM_TRAIN_THREADS: threads sharing each step (default 2 on ≥ 2 cores; 1 on webgpu)
      checkpointEvery: config.checkpointEvery,
      onMetrics: (m) => {
        ctx.progress(m.step);
        ctx.metrics(m.step, {
          loss: m.loss,
          rewardMargin: m.rewardMargin,
          rewardAccuracy: m.rewardAccuracy,
          chosenReward: m.chosenReward,
          rejectedReward: m.rejectedReward,
          chosenNll: m.chosenNll,
          gradNorm: m.gradNorm,
          lr: m.lr,
          heldOutLoss: m.eval?.loss,
          heldOutMargin: m.eval?.rewardMargin,
          heldOutAccuracy: m.eval?.rewardAccuracy,
        });
      },
      onCheckpoint: async (state) => {
        await ctx.store.save(ctx.resumeKey, dpoStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }));
      },
    });
    if (result.stopped) return { result: { stopped: true, steps: result.steps } };
    await ctx.store.save(
      ctx.modelKey,
      dpoStateToCheckpoint({ state: result.state, modelConfig, tokenizer: tokenizer.toJSON(), weightsOnly: true, extra: { parent: policyVersion.id } }),
    );
    const last = result.lastMetrics;
    const metrics = {
      steps: result.steps,
      pairs: train.length,
      heldOutPairs: evalPairs.length,
      loss: last?.loss ?? null,
      rewardMargin: last?.rewardMargin ?? null,
      heldOutMargin: last?.eval?.rewardMargin ?? null,
      heldOutAccuracy: last?.eval?.rewardAccuracy ?? null,
    };
    return {
      result: { ...metrics, data: toJson(source) },
      modelVersion: {
        kind: "POLICY",
        name: config.name ?? `dpo ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
        parentId: policyVersion.id,
        config: toJson({ job: config, trainer: trainerConfig, data: source }),
        metrics,
        artifactKey: ctx.modelKey,
        activate: config.activate,
      },
    };
  } finally {
    policy.model.dispose();
    reference.dispose();
  }
};
