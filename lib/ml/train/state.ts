// What every trainer saves to resume exactly where it stopped: weights, optimizer moments, step, best metric,
// the config it ran with and the state of its seeded batch RNG (so a resumed run draws the same batches).
import type { NamedWeight } from "../model/gpt";
import type { AdamWState } from "./adamw";

export interface TrainerState<C> {
  /** Optimisation steps completed. */
  step: number;
  /** Best evaluation metric so far (lower is better for losses, higher for accuracies; see the trainer). */
  bestMetric: number | null;
  config: C;
  weights: Map<string, NamedWeight>;
  optimizer: AdamWState;
  /** State of the trainer's batch RNG after `step` steps. */
  rngState: number;
}

/** Cancellation: an AbortSignal, a callback, or both; checked before every step. */
export interface StopControl {
  signal?: AbortSignal;
  shouldStop?: () => boolean;
}

export function stopRequested(control: StopControl): boolean {
  return Boolean(control.signal?.aborted || control.shouldStop?.());
}

let lastYieldAt = performance.now();

/** Yield to the event loop so timers and abort events can run between steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      lastYieldAt = performance.now();
      resolve();
    }),
  );
}

/** Longest stretch of synchronous work between two yields that `yieldIfDue` lets through (ms). */
export const YIELD_EVERY_MS = 50;

/**
 * Yields to the event loop when `YIELD_EVERY_MS` passed since the last yield (by any caller), and throws the
 * signal's reason once it is aborted. Cheap enough to call for every chunk of a long pass (a reference pass, an
 * evaluation, scoring, decoding, tokenising), so a worker's heartbeat — lease renewal, progress, logs, the cancel
 * check — runs within a chunk's time at every stage, not only between training steps.
 */
export async function yieldIfDue(signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (performance.now() - lastYieldAt < YIELD_EVERY_MS) return;
  await yieldToEventLoop();
  signal?.throwIfAborted();
}
