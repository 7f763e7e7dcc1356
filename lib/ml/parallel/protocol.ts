// Messages between the main thread and a training thread (structured-clone data only: Float32Arrays, plain objects).
import type { PartOutput, TrainPart } from "./parts";
import type { ReplicaSpec } from "./replica";

/** Main → thread. */
export type ToThread =
  /** Build the replica on this tfjs backend ("wasm", "cpu"). */
  | { type: "init"; backend: string; spec: ReplicaSpec }
  /** Load `weights` (every variable, by name), then return Σ weight·∇ over `parts`. */
  | { type: "gradients"; id: number; weights: Record<string, Float32Array>; parts: TrainPart[] };

/** Thread → main. */
export type FromThread =
  | { type: "ready" }
  | {
      type: "gradients";
      id: number;
      loss: number;
      /** Accumulated gradient by variable name (absent: no part reached it). */
      grads: Record<string, Float32Array>;
      /** One per part, in order. */
      outputs: PartOutput[];
    }
  /** A failure; `id` names the request (absent: during init). */
  | { type: "error"; id?: number; message: string; stack?: string };
