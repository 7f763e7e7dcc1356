// One optimisation step on a batch given as parts, spread over the training threads: data parallelism with one
// optimizer. The parts are cut into contiguous groups, one per thread; the main thread computes the first group's
// weighted gradients while the others compute theirs on replicas loaded with the same weights; the sums are added in
// group order and the main thread's AdamW takes the one step (the replicas receive the new weights with the next
// request). Same result as AdamW.minimizeAccumulated over all parts on one thread, up to float summation order.
import * as tf from "@tensorflow/tfjs";
import type { AdamW } from "../train/adamw";
import { type PartOutput, type TrainModels, type TrainPart, buildPart } from "./parts";
import type { ThreadGradients, TrainThreads } from "./train-threads";

export interface ParallelStepResult {
  /** Σ weight·part loss. */
  loss: number;
  /** Norm of the summed gradient before clipping. */
  gradNorm: number;
  /** One per part, in order. */
  outputs: PartOutput[];
}

/** Cuts `parts` into at most `n` contiguous non-empty groups of nearly equal counts. */
export function groupParts<T>(parts: readonly T[], n: number): T[][] {
  const groups: T[][] = [];
  const count = Math.max(1, Math.min(n, parts.length));
  let from = 0;
  for (let g = 0; g < count; g++) {
    const size = Math.floor(parts.length / count) + (g < parts.length % count ? 1 : 0);
    groups.push(parts.slice(from, from + size));
    from += size;
  }
  return groups;
}

async function localGradients(options: { optimizer: AdamW; models: TrainModels; parts: TrainPart[] }): Promise<{
  loss: number;
  grads: Record<string, tf.Tensor>;
  outputs: PartOutput[];
}> {
  const built = options.parts.map((part) => buildPart({ models: options.models, part }));
  try {
    const { loss, grads } = await options.optimizer.accumulate(built.map((b) => b.part));
    try {
      for (const b of built) await b.collect();
    } catch (err) {
      tf.dispose(Object.values(grads));
      throw err;
    }
    return { loss, grads, outputs: built.map((b) => b.output) };
  } finally {
    for (const b of built) b.dispose();
  }
}

/** The optimizer's parameters as plain arrays, by name (what a replica loads before its share of a step). */
async function currentWeights(optimizer: AdamW): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of optimizer.parameters()) out[name] = (await v.data()) as Float32Array;
  return out;
}

/**
 * One AdamW step on Σ weight·loss over `parts`: on the main thread alone when `threads` is null, else split across
 * the main thread and the training threads. A thread's error rejects the step (the optimizer is then not stepped).
 */
export async function parallelStep(options: {
  optimizer: AdamW;
  models: TrainModels;
  parts: TrainPart[];
  threads: TrainThreads | null;
  lr: number;
}): Promise<ParallelStepResult> {
  const { optimizer, models, parts, threads, lr } = options;
  const groups = groupParts(parts, threads?.size ?? 1);
  const [own, ...others] = groups as [TrainPart[], ...TrainPart[][]];
  let remote: Promise<ThreadGradients[]> | null = null;
  if (threads && others.length > 0) {
    remote = threads.gradients({ weights: await currentWeights(optimizer), groups: others });
    remote.catch(() => {}); // awaited below; this only keeps a failure during the local part from going unhandled
  }
  const local = await localGradients({ optimizer, models, parts: own });
  const grads = local.grads;
  try {
    let loss = local.loss;
    const outputs = [...local.outputs];
    for (const answer of remote ? await remote : []) {
      loss += answer.loss;
      outputs.push(...answer.outputs);
      for (const [name, data] of Object.entries(answer.grads)) {
        const prev = grads[name];
        const shape = optimizer.parameters().get(name)?.shape;
        if (!shape) throw new Error(`parallelStep: a thread returned a gradient for unknown parameter ${name}`);
        grads[name] = tf.tidy(() => (prev ? tf.add(prev, tf.tensor(data, shape)) : tf.tensor(data, shape)));
        prev?.dispose();
      }
    }
    return { loss, gradNorm: await optimizer.applyStep({ grads, lr }), outputs };
  } finally {
    tf.dispose(Object.values(grads));
  }
}
