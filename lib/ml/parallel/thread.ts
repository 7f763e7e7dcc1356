// A training thread (worker_threads): its own tfjs backend instance and a replica of the trainer's models. For each
// request it loads the main thread's current weights, takes the weighted gradients of its parts and sends them back;
// it never updates weights itself. Loaded through ./thread-entry.mjs, which registers the TypeScript loader.
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { ZBackendName, selectBackend } from "../backend";
import { generate } from "../sampling/generate";
import { accumulateGradients } from "../train/adamw";
import { buildPart } from "./parts";
import type { FromThread, ToThread } from "./protocol";
import { type Replica, buildReplica } from "./replica";

let replica: Replica | null = null;

function send(message: FromThread, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function loadWeights(target: Replica, weights: Record<string, Float32Array>): void {
  for (const [name, variable] of target.variables) {
    const data = weights[name];
    if (!data) throw new Error(`training thread: weights lack ${name}`);
    tf.tidy(() => variable.assign(tf.tensor(data, variable.shape)));
  }
}

async function init(message: Extract<ToThread, { type: "init" }>): Promise<void> {
  // The backend names tfjs reports ("wasm", "cpu") are Podium's names for those two; native backends stay unforced.
  const forced = ZBackendName.safeParse(message.backend);
  await selectBackend(forced.success ? { force: forced.data } : {});
  replica = buildReplica(message.spec);
  send({ type: "ready" });
}

async function gradients(message: Extract<ToThread, { type: "gradients" }>): Promise<void> {
  if (!replica) throw new Error("training thread: gradients requested before init");
  loadWeights(replica, message.weights);
  const built = message.parts.map((part) => buildPart({ models: (replica as Replica).models, part }));
  try {
    const { loss, grads } = await accumulateGradients({ params: replica.variables, parts: built.map((b) => b.part) });
    const out: Record<string, Float32Array> = {};
    try {
      for (const b of built) await b.collect();
      for (const [name, g] of Object.entries(grads)) out[name] = Float32Array.from(await g.data()); // our own buffer, to transfer
    } finally {
      tf.dispose(Object.values(grads));
    }
    const outputs = built.map((b) => b.output);
    send({ type: "gradients", id: message.id, loss, grads: out, outputs }, Object.values(out).map((a) => a.buffer as ArrayBuffer));
  } finally {
    for (const b of built) b.dispose();
  }
}

async function generateRows(message: Extract<ToThread, { type: "generate" }>): Promise<void> {
  if (!replica) throw new Error("training thread: generation requested before init");
  const policy = replica.models.lm;
  if (!policy) throw new Error("training thread: this replica has no policy to generate with");
  loadWeights(replica, message.weights);
  send({ type: "generate", id: message.id, completions: await generate({ ...message.request, model: policy }) });
}

parentPort?.on("message", (message: ToThread) => {
  const id = message.type === "init" ? undefined : message.id;
  const run = async () => {
    if (message.type === "init") await init(message);
    else if (message.type === "gradients") await gradients(message);
    else await generateRows(message);
  };
  run().catch((err: unknown) => {
    send({ type: "error", id, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
  });
});
