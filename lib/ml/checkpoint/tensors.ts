// Bridges between tfjs tensors/variables and checkpoint tensors (plain Float32Array + shape).
// Reads copy the data out of the backend; writes assign inside tf.tidy, so nothing leaks either way.
import * as tf from "@tensorflow/tfjs";
import type { CheckpointTensor } from "./format";

/** Copies each tensor's float32 values out of the backend (async, so GPU backends are not blocked). */
export async function snapshotTensors(tensors: Map<string, tf.Tensor>): Promise<Map<string, CheckpointTensor>> {
  const out = new Map<string, CheckpointTensor>();
  for (const [name, t] of tensors) {
    if (t.dtype !== "float32") throw new Error(`snapshotTensors: "${name}" is ${t.dtype}, only float32 is stored`);
    const values = await t.data<"float32">();
    out.set(name, { data: Float32Array.from(values), shape: [...t.shape] });
  }
  return out;
}

export interface AssignVariablesOptions {
  variables: Map<string, tf.Variable>;
  weights: Map<string, CheckpointTensor>;
  /** Default true: every variable must have a weight and every weight a variable. */
  strict?: boolean;
}

/** Writes checkpoint values into existing variables, checking names and shapes first (all or nothing). */
export function assignVariables(options: AssignVariablesOptions): void {
  const strict = options.strict ?? true;
  const missing = [...options.variables.keys()].filter((n) => !options.weights.has(n));
  const unexpected = [...options.weights.keys()].filter((n) => !options.variables.has(n));
  if (strict && (missing.length > 0 || unexpected.length > 0)) {
    throw new Error(
      `assignVariables: missing [${missing.join(", ")}], unexpected [${unexpected.join(", ")}]`,
    );
  }
  for (const [name, variable] of options.variables) {
    const w = options.weights.get(name);
    if (w && w.shape.join(",") !== variable.shape.join(",")) {
      throw new Error(`assignVariables: "${name}" is [${w.shape.join(", ")}] in the checkpoint, [${variable.shape.join(", ")}] in the model`);
    }
  }
  tf.tidy(() => {
    for (const [name, variable] of options.variables) {
      const w = options.weights.get(name);
      if (w) variable.assign(tf.tensor(w.data, w.shape, "float32"));
    }
  });
}
