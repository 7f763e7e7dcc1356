// Learning-rate schedule: linear warm-up then cosine decay to a floor (GPT-3 / nanoGPT `get_lr`).

export interface CosineScheduleOptions {
  step: number;
  /** Peak learning rate reached at the end of warm-up. */
  lr: number;
  /** Floor reached at `totalSteps`. */
  minLr: number;
  warmupSteps: number;
  totalSteps: number;
}

/** Learning rate for a 0-based step. */
export function cosineLr(options: CosineScheduleOptions): number {
  const { step, lr, minLr, warmupSteps, totalSteps } = options;
  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  if (step >= totalSteps) return minLr;
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (lr - minLr);
}
