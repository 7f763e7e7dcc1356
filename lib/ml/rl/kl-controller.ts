// KL-penalty coefficient β: fixed, or adapted toward a target KL with the proportional controller of
// Ziegler et al. 2019 ("Fine-Tuning Language Models from Human Preferences", §2.2), as in TRL's AdaptiveKLController:
// e = clip(KL / KL_target − 1, −0.2, 0.2), β ← β·(1 + e·n / horizon), n = samples in the step.
import { z } from "zod";

/** The KL controller's config: one zod schema with its defaults and documentation; the type is its output. */
export const ZKlControllerConfig = z.strictObject({
  mode: z.enum(["fixed", "adaptive"]).default("fixed").describe('"fixed": β never changes; "adaptive": Ziegler et al.\'s controller drives the KL toward `target`.'),
  initCoef: z.number().min(0).max(10).default(0.05).describe("KL penalty β (its initial value when adaptive)."),
  target: z.number().gt(0).max(100).default(6).describe("Target KL per response, in nats (summed over its tokens); adaptive mode only."),
  horizon: z.number().gt(0).default(10_000).describe("Samples over which β may change by at most ±20 %·(n / horizon) per step; adaptive mode only."),
});
export type KlControllerConfig = z.output<typeof ZKlControllerConfig>;

export const DEFAULT_KL_CONTROLLER_CONFIG: KlControllerConfig = ZKlControllerConfig.parse({});

export class KlController {
  readonly config: KlControllerConfig;
  private coef: number;

  constructor(options: { config: KlControllerConfig; coef?: number }) {
    this.config = options.config;
    this.coef = options.coef ?? options.config.initCoef;
  }

  /** Current β. */
  get value(): number {
    return this.coef;
  }

  /** Feed the mean per-response KL of the step just taken and the number of samples it used; returns the new β. */
  update(options: { currentKl: number; samples: number }): number {
    if (this.config.mode === "fixed") return this.coef;
    const { target, horizon } = this.config;
    const error = Math.min(0.2, Math.max(-0.2, options.currentKl / target - 1));
    this.coef *= 1 + (error * options.samples) / horizon;
    return this.coef;
  }
}
