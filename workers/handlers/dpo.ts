// dpo job: trains a policy version straight from the ranking pairs with lib/ml/rl's DPO (β sigmoid loss, optional
// NLL term on the chosen response), against the frozen starting policy whose log-probs are computed once up front.
// Held-out pairs split by prompt. The result is a POLICY version (parent = the starting policy).
import { parseJobConfig } from "@/lib/jobs";
import { Gpt } from "@/lib/ml/model/gpt";
import {
  computeReferenceLogProbs,
  DEFAULT_DPO_CONFIG,
  dpoStateFromCheckpoint,
  dpoStateToCheckpoint,
  pairsFromRanking,
  trainDpo,
  type DpoConfig,
  type DpoMetrics,
  type PreferencePair,
} from "@/lib/ml/rl";
import { PermanentJobError, type JobHandler } from "../job-context";
import { loadPolicy } from "../ml/load-models";
import { encodeCompletion, encodePrompt } from "../ml/text";
import { toJson } from "../ml/to-json";
import { heldOutByPrompt, loadJobRankings, mapWithHeartbeat, runTrainer, startingPolicy } from "./run-trainer";

/** Reference-pass progress goes to the job log about this often (ms). */
const REFERENCE_LOG_EVERY_MS = 10_000;

export const dpoHandler: JobHandler = async (ctx) => {
  const config = parseJobConfig("dpo", ctx.job.config);
  const policyVersion = await startingPolicy(ctx, config.policyId);
  const { rankings, source } = await loadJobRankings(ctx, config);
  if (rankings.length === 0) throw new PermanentJobError("No rankings to train on yet");

  const policy = await loadPolicy({ store: ctx.store, key: policyVersion.artifactKey });
  const reference = Gpt.fromWeights({ config: policy.modelConfig, weights: await policy.model.exportWeights() });
  const { tokenizer, modelConfig } = policy;
  try {
    const train: PreferencePair[] = [];
    const evalPairs: PreferencePair[] = [];
    await mapWithHeartbeat(ctx, rankings, (r) => {
      const pairs = pairsFromRanking({
        prompt: encodePrompt(tokenizer, r.prompt),
        ranked: r.ranked.map((c, j) => encodeCompletion(tokenizer, c, r.finishReasons[j])),
        ...(r.ranks ? { ranks: r.ranks } : {}),
      });
      (heldOutByPrompt(r.promptId, config.heldOutFraction, config.seed) ? evalPairs : train).push(...pairs);
    });
    if (train.length === 0) throw new PermanentJobError("Every ranking fell in the held-out split; lower heldOutFraction");
    ctx.log(`DPO of ${policyVersion.name} on ${train.length} pairs (${evalPairs.length} held out) from ${rankings.length} rankings`);
    // The reference never changes: its log-probs are computed once (also on resume, deterministically). The pass
    // yields to the heartbeat between chunks and stops on a cancel, however many pairs there are.
    const total = train.length + evalPairs.length;
    ctx.log(`reference pass: log-probs of ${total} pairs under the frozen policy`);
    let loggedAt = performance.now();
    const referencePass = (list: PreferencePair[], offset: number) =>
      computeReferenceLogProbs({
        reference,
        pairs: list,
        signal: ctx.signal,
        onProgress: (done) => {
          if (performance.now() - loggedAt < REFERENCE_LOG_EVERY_MS) return;
          loggedAt = performance.now();
          ctx.log(`reference pass: ${offset + done}/${total} pairs`);
        },
      });
    const pairs = await referencePass(train, 0);
    const heldOutPairs = await referencePass(evalPairs, train.length);
    ctx.log("reference pass done");

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
    return await runTrainer(ctx, "dpo", {
      steps: config.steps,
      checkpointEvery: config.checkpointEvery,
      resumeFrom: (checkpoint) => dpoStateFromCheckpoint({ checkpoint }),
      toCheckpoint: (state) => dpoStateToCheckpoint({ state, modelConfig, tokenizer: tokenizer.toJSON() }),
      metricsOf: (m: DpoMetrics) => ({
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
      }),
      train: (loop) => trainDpo({ policy: policy.model, reference, pairs, evalPairs: heldOutPairs, config: trainerConfig, ...loop }),
      finish: (result) => {
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
          artifact: dpoStateToCheckpoint({ state: result.state, modelConfig, tokenizer: tokenizer.toJSON(), weightsOnly: true, extra: { parent: policyVersion.id } }),
          metrics,
          result: { ...metrics, data: toJson(source) },
          version: {
            kind: "POLICY",
            name: config.name,
            parentId: policyVersion.id,
            config: { job: config, trainer: trainerConfig, data: source },
            activate: config.activate,
          },
        };
      },
    });
  } finally {
    policy.model.dispose();
    reference.dispose();
  }
};
