// TensorFlow.js backend selection at start-up: tfjs-node-gpu (CUDA) → tfjs-node → webgpu (Dawn) → wasm → pure-JS cpu.
// Follows the tfjs platform docs (native bindings first, then WebAssembly, then the JS fallback). The native
// packages are optional and never dependencies: they are probed with a resolve + dynamic import inside try/catch.
// webgpu runs on Dawn (npm `webgpu`, see ./webgpu-shim.ts); it is chosen automatically on a hardware adapter. Dawn
// under Node cannot read GPU data synchronously, so the trainers and sampling read with `await tensor.data()`.
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { describeAdapter, openWebGpu, releaseWebGpu, type OpenWebGpuResult } from "./webgpu-shim";

/** The backends Podium can run on, in order of preference. */
export const ZBackendName = z.enum(["gpu", "node", "webgpu", "wasm", "cpu"]);
export type TBackendName = z.infer<typeof ZBackendName>;

export const BACKEND_ORDER: readonly TBackendName[] = ["gpu", "node", "webgpu", "wasm", "cpu"];

/** The env variable that forces one backend (no fallback: a forced backend that fails is an error). */
export const BACKEND_ENV_VAR = "PODIUM_TF_BACKEND";

/** npm package behind each backend, used in the reasons ("tfjs-node-gpu: not installed"). */
export const BACKEND_PACKAGES: Record<TBackendName, string> = {
  gpu: "@tensorflow/tfjs-node-gpu",
  node: "@tensorflow/tfjs-node",
  webgpu: "@tensorflow/tfjs-backend-webgpu",
  wasm: "@tensorflow/tfjs-backend-wasm",
  cpu: "@tensorflow/tfjs",
};

const LABELS: Record<TBackendName, string> = {
  gpu: "tfjs-node-gpu",
  node: "tfjs-node",
  webgpu: "webgpu",
  wasm: "wasm",
  cpu: "cpu",
};

export interface SelectBackendOptions {
  /** Force one backend; default: the PODIUM_TF_BACKEND variable of `env`, else automatic. */
  force?: TBackendName;
  /** Environment to read PODIUM_TF_BACKEND from; default process.env. */
  env?: Record<string, string | undefined>;
  /** Directory holding the tfjs-backend-wasm .wasm files; default: the installed package's dist/. */
  wasmDir?: string;
  /**
   * How optional packages are located and loaded; default: Node resolution from this project + dynamic import.
   * Injected by tests to simulate a machine with the native packages installed.
   */
  loader?: OptionalModuleLoader;
  /**
   * Opens Dawn and registers the tfjs `webgpu` backend; default: openWebGpu (./webgpu-shim.ts), which reads the
   * PODIUM_WEBGPU_* variables of `env`. Injected by tests to simulate a machine with a GPU.
   */
  openWebGpu?: (options: { env: Record<string, string | undefined> }) => Promise<OpenWebGpuResult>;
  /** Called once with a one-line summary ("tfjs backend: wasm (…)"); default: nothing. */
  log?: (line: string) => void;
}

export interface OptionalModuleLoader {
  /** True when `specifier` can be resolved (the package is installed). */
  isInstalled(specifier: string): boolean;
  /** Loads the module (its side effect registers a tfjs backend). */
  load(specifier: string): Promise<unknown>;
}

export interface BackendSelection {
  /** Podium's name of the backend that runs. */
  name: TBackendName;
  /** The tfjs backend name (`tensorflow`, `wasm`, `cpu`), as `tf.getBackend()` reports it. */
  tfBackend: string;
  /** One line per candidate: why it was chosen or passed over, in order of preference. */
  reasons: string[];
}

/** Resolve from the project (cwd) first, then from this file; works under tsx, vitest and plain node. */
function projectRequire(): NodeJS.Require {
  return createRequire(path.join(process.cwd(), "package.json"));
}

export const nodeModuleLoader: OptionalModuleLoader = {
  isInstalled(specifier) {
    try {
      projectRequire().resolve(specifier);
      return true;
    } catch {
      return false;
    }
  },
  async load(specifier) {
    // Resolve to a path first so a bundler never tries to follow a missing optional package.
    const resolved = projectRequire().resolve(specifier);
    return import(/* webpackIgnore: true */ resolved);
  },
};

/** Directory with tfjs-backend-wasm's .wasm files, so the backend never fetches anything. */
export function defaultWasmDir(): string {
  const main = projectRequire().resolve(BACKEND_PACKAGES.wasm); // …/tfjs-backend-wasm/dist/tf-backend-wasm.node.js
  return path.dirname(main);
}

function errorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0] ?? msg;
}

/** The loaded tfjs-node(-gpu) backend says whether TensorFlow found a CUDA device. */
function backendUsesGpu(): boolean {
  const backend: unknown = tf.backend();
  return (
    typeof backend === "object" &&
    backend !== null &&
    "isUsingGpuDevice" in backend &&
    backend.isUsingGpuDevice === true
  );
}

/** Runs a tiny op and checks the result, so a backend that registers but cannot compute is passed over. */
function smokeTest(): void {
  const value = tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]);
  if (value !== 5) throw new Error(`smoke test returned ${String(value)} instead of 5`);
}

type Attempt = { ok: true; tfBackend: string; detail: string } | { ok: false; reason: string };

interface AttemptContext {
  loader: OptionalModuleLoader;
  wasmDir: string | undefined;
  env: Record<string, string | undefined>;
  openWebGpu: NonNullable<SelectBackendOptions["openWebGpu"]>;
  /** True when PODIUM_TF_BACKEND names this backend: a software adapter is then accepted. */
  forced: boolean;
}

async function activate(tfBackend: string): Promise<void> {
  const ok = await tf.setBackend(tfBackend);
  if (!ok) throw new Error(`tf.setBackend("${tfBackend}") failed to initialise`);
  await tf.ready();
}

/** Loads the native binding (once per process) and activates the `tensorflow` backend it registers. */
async function loadNative(loader: OptionalModuleLoader, name: "gpu" | "node"): Promise<Attempt> {
  const pkg = BACKEND_PACKAGES[name];
  // Both native packages register the same backend name; one already loaded serves both candidates.
  if (!tf.findBackendFactory("tensorflow")) {
    if (!loader.isInstalled(pkg)) return { ok: false, reason: "not installed" };
    try {
      await loader.load(pkg);
    } catch (err) {
      return { ok: false, reason: `installed but failed to load (${errorMessage(err)})` };
    }
    if (!tf.findBackendFactory("tensorflow")) {
      return { ok: false, reason: "loaded but registered no 'tensorflow' backend" };
    }
  }
  try {
    await activate("tensorflow");
  } catch (err) {
    return { ok: false, reason: `failed to initialise (${errorMessage(err)})` };
  }
  const gpu = backendUsesGpu();
  if (name === "gpu" && !gpu) {
    return { ok: false, reason: "installed, but TensorFlow found no usable CUDA device" };
  }
  try {
    smokeTest();
  } catch (err) {
    return { ok: false, reason: `failed a smoke test (${errorMessage(err)})` };
  }
  return { ok: true, tfBackend: "tensorflow", detail: gpu ? "CUDA device" : "native CPU kernels" };
}

async function loadWasm(loader: OptionalModuleLoader, wasmDir: string | undefined): Promise<Attempt> {
  if (!loader.isInstalled(BACKEND_PACKAGES.wasm)) return { ok: false, reason: "not installed" };
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const dir = wasmDir ?? defaultWasmDir();
    // setWasmPaths wants a prefix ending in a separator; files are read from disk, never fetched.
    // Paths only matter before the first initialisation (an already initialised backend is reused).
    if (!tf.findBackend("wasm")) wasm.setWasmPaths(dir.endsWith(path.sep) ? dir : dir + path.sep);
    await activate("wasm");
    smokeTest();
    return { ok: true, tfBackend: "wasm", detail: `single thread, .wasm from ${dir}` };
  } catch (err) {
    return { ok: false, reason: `failed to initialise (${errorMessage(err)})` };
  }
}

async function loadCpu(): Promise<Attempt> {
  try {
    await activate("cpu");
    smokeTest();
    return { ok: true, tfBackend: "cpu", detail: "pure JavaScript, slowest" };
  } catch (err) {
    return { ok: false, reason: `failed to initialise (${errorMessage(err)})` };
  }
}

/** A product on the device (64×64 is never handed to the CPU), read back asynchronously, as the GPU computes it. */
async function gpuSmokeTest(): Promise<void> {
  const product = tf.tidy(() => tf.matMul(tf.ones([64, 64]), tf.fill([64, 64], 0.5)));
  try {
    const values = await product.data();
    if (values[0] !== 32 || values[values.length - 1] !== 32) {
      throw new Error(`smoke test returned ${String(values[0])} instead of 32`);
    }
  } finally {
    product.dispose();
  }
}

/** A webgpu candidate passed over gives its device back, or Dawn would keep the process alive. */
async function loadWebGpu(ctx: AttemptContext): Promise<Attempt> {
  const result = await tryWebGpu(ctx);
  if (!result.ok) await releaseWebGpu();
  return result;
}

async function tryWebGpu(ctx: AttemptContext): Promise<Attempt> {
  if (!ctx.loader.isInstalled(BACKEND_PACKAGES.webgpu)) return { ok: false, reason: "not installed" };
  let opened: OpenWebGpuResult;
  try {
    opened = await ctx.openWebGpu({ env: ctx.env });
  } catch (err) {
    return { ok: false, reason: `failed to open Dawn (${errorMessage(err)})` };
  }
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const adapter = describeAdapter(opened.adapter);
  if (opened.adapter.software && !ctx.forced) {
    return { ok: false, reason: `adapter ${adapter}: never chosen automatically (${BACKEND_ENV_VAR}=webgpu forces it)` };
  }
  try {
    await activate("webgpu");
    await gpuSmokeTest();
  } catch (err) {
    return { ok: false, reason: `adapter ${adapter} failed to initialise (${errorMessage(err)})` };
  }
  return { ok: true, tfBackend: "webgpu", detail: `adapter ${adapter}` };
}

function attempt(name: TBackendName, ctx: AttemptContext): Promise<Attempt> {
  switch (name) {
    case "gpu":
    case "node":
      return loadNative(ctx.loader, name);
    case "webgpu":
      return loadWebGpu(ctx);
    case "wasm":
      return loadWasm(ctx.loader, ctx.wasmDir);
    case "cpu":
      return loadCpu();
  }
}

/** Reads PODIUM_TF_BACKEND; an unknown value is an error naming the allowed ones. */
export function backendFromEnv(env: Record<string, string | undefined>): TBackendName | undefined {
  const raw = env[BACKEND_ENV_VAR]?.trim();
  if (!raw) return undefined;
  const parsed = ZBackendName.safeParse(raw.toLowerCase());
  if (!parsed.success) {
    throw new Error(`${BACKEND_ENV_VAR}="${raw}" is not one of ${BACKEND_ORDER.join(", ")}`);
  }
  return parsed.data;
}

/**
 * Picks and activates the fastest backend that works, or the forced one (option or PODIUM_TF_BACKEND).
 * Returns which backend runs and one reason per candidate; throws if a forced backend cannot run.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const env = options.env ?? process.env;
  const forced = options.force ?? backendFromEnv(env);
  const reasons: string[] = [];
  const context = (name: TBackendName): AttemptContext => ({
    loader: options.loader ?? nodeModuleLoader,
    wasmDir: options.wasmDir,
    env,
    openWebGpu: options.openWebGpu ?? openWebGpu,
    forced: forced === name,
  });

  if (forced) {
    for (const name of BACKEND_ORDER) {
      if (name !== forced) reasons.push(`${LABELS[name]}: skipped (${BACKEND_ENV_VAR}=${forced})`);
    }
    const result = await attempt(forced, context(forced));
    if (!result.ok) {
      throw new Error(`${BACKEND_ENV_VAR}=${forced} but ${LABELS[forced]} cannot run: ${result.reason}`);
    }
    reasons.splice(BACKEND_ORDER.indexOf(forced), 0, `${LABELS[forced]}: selected, forced (${result.detail})`);
    options.log?.(`tfjs backend: ${forced} (${result.detail}); forced by ${BACKEND_ENV_VAR}`);
    return { name: forced, tfBackend: result.tfBackend, reasons };
  }

  for (const [i, name] of BACKEND_ORDER.entries()) {
    const result = await attempt(name, context(name));
    if (!result.ok) {
      reasons.push(`${LABELS[name]}: ${result.reason}`);
      continue;
    }
    reasons.push(`${LABELS[name]}: selected (${result.detail})`);
    for (const slower of BACKEND_ORDER.slice(i + 1)) {
      reasons.push(`${LABELS[slower]}: not tried, ${LABELS[name]} is faster`);
    }
    options.log?.(`tfjs backend: ${name} (${result.detail}); ${reasons.join("; ")}`);
    return { name, tfBackend: result.tfBackend, reasons };
  }
  // The cpu backend ships inside @tensorflow/tfjs, so this only happens on a broken install.
  throw new Error(`no TensorFlow.js backend could run: ${reasons.join("; ")}`);
}

let selected: Promise<BackendSelection> | null = null;

/**
 * selectBackend once per process (the worker and every trainer call this; only the first call's options count).
 * A failed selection is not cached, so a later call can retry with other options.
 */
export function ensureBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  if (!selected) {
    selected = selectBackend(options).catch((err: unknown) => {
      selected = null;
      throw err;
    });
  }
  return selected;
}
