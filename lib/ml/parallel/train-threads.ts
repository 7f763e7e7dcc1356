// The main thread's handle on its training threads (worker_threads, one tfjs backend instance each: the wasm
// backend runs on one thread in Node, so a second core is only reachable this way). `start` spawns threads − 1
// replicas (the main thread is the first worker); `gradients` hands each one a group of parts with the current
// weights. A thread that fails, or exits, rejects what it was asked; `close` ends them all and never hangs.
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import type { PartOutput, TrainPart } from "./parts";
import type { Completion } from "../sampling/generate";
import type { FromThread, GenerateRequest, ToThread } from "./protocol";
import type { ReplicaSpec } from "./replica";

/** One thread's answer: the loss and gradients of its parts (summed with their weights) and their outputs. */
export interface ThreadGradients {
  loss: number;
  grads: Record<string, Float32Array>;
  outputs: PartOutput[];
}

type Reply = Exclude<FromThread, { type: "error" }>;

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
}

class TrainThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private readyWaiter: Pending | null = null;

  constructor() {
    // No inherited flags (a test runner's or tsx's own loader flags): the entry registers the one loader it needs.
    this.worker = new Worker(new URL("./thread-entry.mjs", import.meta.url), { execArgv: [] });
    this.worker.unref(); // only a request in flight keeps the process alive (see `post`)
    this.worker.on("message", (message: FromThread) => this.receive(message));
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`training thread exited (code ${code})`)));
  }

  private receive(message: FromThread): void {
    const byId = message.type !== "ready" && message.id !== undefined;
    const waiter = byId ? this.pending.get(message.id as number) : this.readyWaiter;
    if (byId) this.pending.delete(message.id as number);
    else this.readyWaiter = null;
    if (this.pending.size === 0 && !this.readyWaiter) this.worker.unref();
    if (!waiter) return;
    if (message.type === "error") {
      const err = new Error(`training thread: ${message.message}`);
      if (message.stack) err.stack = `${err.message}\n${message.stack}`;
      waiter.reject(err);
    } else {
      waiter.resolve(message);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of [...this.pending.values(), ...(this.readyWaiter ? [this.readyWaiter] : [])]) waiter.reject(err);
    this.pending.clear();
    this.readyWaiter = null;
  }

  private post(message: ToThread): void {
    this.worker.ref();
    this.worker.postMessage(message);
  }

  init(options: { backend: string; spec: ReplicaSpec }): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Reply>((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
      this.post({ type: "init", ...options });
    }).then(() => undefined);
  }

  /** Sends a request that carries `id` and resolves with the thread's answer to it. */
  private request(make: (id: number) => ToThread): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(make(id));
    });
  }

  async gradients(options: { weights: Record<string, Float32Array>; parts: TrainPart[] }): Promise<ThreadGradients> {
    const reply = await this.request((id) => ({ type: "gradients", id, ...options }));
    if (reply.type !== "gradients") throw new Error(`training thread: expected gradients, got ${reply.type}`);
    return { loss: reply.loss, grads: reply.grads, outputs: reply.outputs };
  }

  async generate(options: { weights: Record<string, Float32Array>; request: GenerateRequest }): Promise<Completion[]> {
    const reply = await this.request((id) => ({ type: "generate", id, ...options }));
    if (reply.type !== "generate") throw new Error(`training thread: expected completions, got ${reply.type}`);
    return reply.completions;
  }

  async close(): Promise<void> {
    this.fail(new Error("training thread closed"));
    await this.worker.terminate();
  }
}

export class TrainThreads {
  private readonly threads: TrainThread[];

  private constructor(threads: TrainThread[]) {
    this.threads = threads;
  }

  /**
   * `threads` − 1 training threads holding replicas of `spec` on the current tfjs backend, ready for `gradients`;
   * null when `threads` ≤ 1 (everything stays on the main thread).
   */
  static async start(options: { threads: number; spec: ReplicaSpec }): Promise<TrainThreads | null> {
    const extra = Math.floor(options.threads) - 1;
    if (extra < 1) return null;
    const threads = Array.from({ length: extra }, () => new TrainThread());
    try {
      await Promise.all(threads.map((t) => t.init({ backend: tf.getBackend(), spec: options.spec })));
    } catch (err) {
      await Promise.all(threads.map((t) => t.close()));
      throw err;
    }
    return new TrainThreads(threads);
  }

  /** Threads that take part in a step, the main thread included. */
  get size(): number {
    return this.threads.length + 1;
  }

  /** Group i goes to training thread i (the main thread computes its own group meanwhile). */
  gradients(options: { weights: Record<string, Float32Array>; groups: TrainPart[][] }): Promise<ThreadGradients[]> {
    const { weights, groups } = options;
    if (groups.length > this.threads.length) throw new Error(`TrainThreads: ${groups.length} groups for ${this.threads.length} threads`);
    return Promise.all(groups.map((parts, i) => (this.threads[i] as TrainThread).gradients({ weights, parts })));
  }

  /** Request i goes to thread i: generate() with the replica's policy (the caller splits the rows). */
  generate(options: { weights: Record<string, Float32Array>; requests: GenerateRequest[] }): Promise<Completion[][]> {
    const { weights, requests } = options;
    if (requests.length > this.threads.length) throw new Error(`TrainThreads: ${requests.length} requests for ${this.threads.length} threads`);
    return Promise.all(requests.map((request, i) => (this.threads[i] as TrainThread).generate({ weights, request })));
  }

  /** Ends every thread (pending requests are rejected). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
