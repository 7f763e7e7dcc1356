// Typed configuration of the decoder-only transformer policy (GPT-2 / nanoGPT shape).
// Defaults are the project's base model size; tests use much smaller configs.
import { z } from "zod";

export const ZGptConfig = z
  .object({
    /** Tokenizer vocabulary size V (includes EOS and PAD). */
    vocabSize: z.number().int().positive(),
    /** Context length T_max: number of learned positions. */
    blockSize: z.number().int().positive(),
    /** Transformer blocks L. */
    nLayer: z.number().int().positive(),
    /** Attention heads H; must divide nEmbd. */
    nHead: z.number().int().positive(),
    /** Residual stream width D. */
    nEmbd: z.number().int().positive(),
    /** Hidden width of the MLP is mlpRatio·D. */
    mlpRatio: z.number().int().positive(),
    /** Use the token embedding (transposed) as the output projection. */
    tieWeights: z.boolean(),
    /** LayerNorm epsilon. */
    layerNormEps: z.number().positive(),
    /** Std of the normal initialisation; residual output projections use initStd/√(2L) (GPT-2). */
    initStd: z.number().positive(),
  })
  .strict()
  .refine((c) => c.nEmbd % c.nHead === 0, { message: "nHead must divide nEmbd" });

export type GptConfig = z.infer<typeof ZGptConfig>;

/**
 * The shipped base model (lib/ml/assets/base): V=2048 BPE, T=128, L=4, H=4, D=128, tied embeddings, 1.07 M parameters.
 * Sized so pretraining fits ~35 minutes of one wasm core (≈ 1000 training tokens/s on an idle machine).
 */
export const DEFAULT_GPT_CONFIG: GptConfig = {
  vocabSize: 2048,
  blockSize: 128,
  nLayer: 4,
  nHead: 4,
  nEmbd: 128,
  mlpRatio: 4,
  tieWeights: true,
  layerNormEps: 1e-5,
  initStd: 0.02,
};

export function makeGptConfig(overrides: Partial<GptConfig> = {}): GptConfig {
  return ZGptConfig.parse({ ...DEFAULT_GPT_CONFIG, ...overrides });
}
