// Rebuilds a RewardModel and its normalisation stats from a reward checkpoint written with
// toCheckpoint({ kind: "reward", extra: { normalisation } }) (see train-reward.ts and lib/ml/train/checkpoint-bridge.ts).
import { z } from "zod";
import type { Checkpoint } from "../checkpoint";
import { ZGptConfig } from "../model/config";
import { Tokenizer } from "../tokenizer";
import { RewardModel } from "./reward-model";
import type { RewardNormalisation } from "./train-reward";

const ZNormalisation = z.object({ mean: z.number(), std: z.number().nonnegative() });

export function rewardModelFromCheckpoint(checkpoint: Checkpoint): {
  model: RewardModel;
  tokenizer: Tokenizer;
  normalisation: RewardNormalisation | null;
} {
  if (checkpoint.kind !== "reward") throw new Error(`checkpoint: expected a reward checkpoint, got ${checkpoint.kind}`);
  const config = ZGptConfig.parse(checkpoint.config.model);
  const model = RewardModel.create({ config });
  model.loadWeights(checkpoint.weights);
  const parsed = ZNormalisation.safeParse(checkpoint.extra.normalisation);
  return { model, tokenizer: Tokenizer.fromJSON(checkpoint.tokenizer), normalisation: parsed.success ? parsed.data : null };
}
