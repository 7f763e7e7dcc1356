// Messages between the main thread and a training thread (structured-clone data only: Float32Arrays, plain objects).
import type { Completion, GenerateOptions } from "../sampling/generate";
import type { PartOutput, TrainPart } from "./parts";

/** A generate() call without its model: what a thread decodes with its replica. */
export type GenerateRequest = Omit<GenerateOptions, "model">;
import type { ReplicaSpec } from "./replica";

/** Main → thread. */
export type ToThread =
  /** Build the replica on this tfjs backend ("wasm", "cpu"). */
  | { type: "init"; backend: string; spec: ReplicaSpec }
  /** Load `weights` (every variable, by name), then return Σ weight·∇ over `parts`. */
  | { type: "gradients"; id: number; weights: Record<string, Float32Array>; parts: TrainPart[] }
  /** Load `weights`, then generate() with the replica's policy (rows of `request.rowRange`). */
  | { type: "generate"; id: number; weights: Record<string, Float32Array>; request: GenerateRequest };

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
  | { type: "generate"; id: number; completions: Completion[] }
  /** A failure; `id` names the request (absent: during init). */
  | { type: "error"; id?: number; message: string; stack?: string };
