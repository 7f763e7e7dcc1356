// After a reward job: the reward model's uncertainty about each open comparison of the projects with active selection
// (lib/ml/reward/uncertainty: bootstrapped heads on the new model's frozen features, fitted on the job's rankings),
// stored in Comparison.uncertainty, where GET /tasks/next and the generate job's preferUncertain read it.
import { loadUncertaintyTargets, storeComparisonUncertainty } from "@/lib/jobs";
import type { RankingExample } from "@/lib/ml/reward/data";
import { rewardFeatures } from "@/lib/ml/reward/features";
import type { RewardModel } from "@/lib/ml/reward/reward-model";
import { comparisonUncertainty, fitHeadEnsemble } from "@/lib/ml/reward/uncertainty";
import type { Tokenizer } from "@/lib/ml/tokenizer";
import type { JobContext } from "../job-context";
import { encodeCompletion, encodePrompt } from "./text";

/** Rankings the heads are fitted on at most (the newest), so the cost stays bounded on large data. */
const MAX_FIT_RANKINGS = 2000;

export async function scoreUncertainty(options: {
  ctx: Pick<JobContext, "db" | "log">;
  model: RewardModel;
  tokenizer: Tokenizer;
  /** The job's rankings (sequences best first). */
  examples: readonly RankingExample[];
  /** Only these projects' comparisons; null: every project with active selection. */
  projectIds: string[] | null;
  heads: number;
  maxComparisons: number;
  maxLength: number;
  seed: number;
}): Promise<{ scored: number; meanUncertainty: number | null }> {
  const { ctx, model, tokenizer, examples, projectIds, heads, maxComparisons, maxLength, seed } = options;
  const targets = await loadUncertaintyTargets({ db: ctx.db, projectIds, limit: maxComparisons });
  if (targets.length === 0) return { scored: 0, meanUncertainty: null };
  const features = (sequences: readonly (readonly number[])[]) => rewardFeatures({ model, sequences, padId: tokenizer.padId, maxLength });

  const fit = examples.slice(-MAX_FIT_RANKINGS);
  const fitFeatures = await features(fit.flatMap((e) => e.sequences));
  let at = 0;
  const rankings = fit.map((e) => e.sequences.map(() => fitFeatures[at++] as number[]));
  const ensemble = fitHeadEnsemble({ rankings, config: { heads, seed } });

  const sequences = targets.map((t) => {
    const prompt = encodePrompt(tokenizer, t.prompt);
    return t.completions.map((c) => [...prompt, ...encodeCompletion(tokenizer, c.text, c.finishReason)]);
  });
  const targetFeatures = await features(sequences.flat());
  at = 0;
  const scores: { comparisonId: string; uncertainty: number }[] = [];
  targets.forEach((target, i) => {
    const completions = (sequences[i] ?? []).map(() => targetFeatures[at++] as number[]);
    if (completions.length >= 2) scores.push({ comparisonId: target.comparisonId, uncertainty: comparisonUncertainty({ ensemble, completions }) });
  });
  const scored = await storeComparisonUncertainty({ db: ctx.db, scores });
  const meanUncertainty = scores.length ? scores.reduce((a, s) => a + s.uncertainty, 0) / scores.length : null;
  ctx.log(`uncertainty: ${scored} open comparison(s) scored by ${heads} heads, mean ${meanUncertainty?.toFixed(4) ?? "n/a"}`);
  return { scored, meanUncertainty };
}
