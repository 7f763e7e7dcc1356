// Sampling shared among the training threads: a decoding step of a small model costs about the same for 2 rows as
// for 5 (it is bound by kernel dispatch, not arithmetic), so the rows of one generate() call are cut into one
// contiguous range per thread and decoded at the same time, the main thread taking the first. Every row has its own
// seeded stream, so the completions are those of one generate() call on one thread.
import type { Gpt } from "../model/gpt";
import { type Completion, type GenerateOptions, generate } from "../sampling/generate";
import type { TrainThreads } from "./train-threads";

/** generate() with its rows shared among `threads` (null: on this thread alone). Threads need a "gpt" replica. */
export async function generateOnThreads(options: GenerateOptions & { threads: TrainThreads | null }): Promise<Completion[]> {
  const { threads, ...request } = options;
  const rowCount = request.prompts.length * (request.numSamples ?? 1);
  const parts = Math.min(threads?.size ?? 1, rowCount);
  if (!threads || parts < 2) return generate(request);
  const ranges = Array.from({ length: parts }, (_, i) => ({
    from: Math.floor((i * rowCount) / parts),
    to: Math.floor(((i + 1) * rowCount) / parts),
  }));
  const { model, ...plain } = request;
  const remote = threads.generate({ weights: await policyWeights(model), requests: ranges.slice(1).map((rowRange) => ({ ...plain, rowRange })) });
  remote.catch(() => {}); // awaited below; this only keeps a failure during the local part from going unhandled
  const own = await generate({ ...request, rowRange: ranges[0] });
  return [...own, ...(await remote).flat()];
}

async function policyWeights(model: Gpt): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of model.variables()) out[name] = (await v.data()) as Float32Array;
  return out;
}
