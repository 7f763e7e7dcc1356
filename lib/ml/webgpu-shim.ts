// Everything Node needs before @tensorflow/tfjs-backend-webgpu can run on Dawn (the npm package `webgpu`, whose
// dawn.node is Chromium's WebGPU implementation): the WebGPU globals, `navigator.gpu` (Node 20 has no navigator),
// our own backend factory whose device request keeps requiredFeatures flat (tfjs 4.22's pushes a nested array),
// a clear error where tfjs would read GPU data synchronously through an OffscreenCanvas (absent in Node), device
// errors raised at the next read, and a release for shutdown. Dawn dlopens libvulkan.so.1 (or libEGL/libGLESv2
// for backend=opengles) at run time.
//
// Environment (documented in README "GPU"):
//   PODIUM_WEBGPU_DAWN           Dawn options, space-separated, e.g. "backend=opengles" or "adapter=NVIDIA H200"
//                                 (also enable-dawn-features=a,b / disable-dawn-features=a,b).
//   PODIUM_WEBGPU_FEATURE_LEVEL  "core" (default) or "compatibility" (needed by Dawn's OpenGL ES backend).
//   PODIUM_DAWN_NODE             path of dawn.node; default: the installed `webgpu` package's dist/<platform>-<arch>/.
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";

export const WEBGPU_DAWN_ENV = "PODIUM_WEBGPU_DAWN";
export const WEBGPU_FEATURE_LEVEL_ENV = "PODIUM_WEBGPU_FEATURE_LEVEL";
export const DAWN_NODE_ENV = "PODIUM_DAWN_NODE";

const ZWebGpuEnv = z.object({
  [WEBGPU_DAWN_ENV]: z.string().optional(),
  [WEBGPU_FEATURE_LEVEL_ENV]: z.enum(["core", "compatibility"]).optional(),
  [DAWN_NODE_ENV]: z.string().min(1).optional(),
});

/** What the log says about the adapter Dawn gave us. */
export interface WebGpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation (llvmpipe, SwiftShader, lavapipe…): never chosen automatically. */
  software: boolean;
}

export type OpenWebGpuResult = { ok: true; adapter: WebGpuAdapterSummary } | { ok: false; reason: string };

/** Minimal structural types of the parts of WebGPU this module touches (the DOM lib is not loaded). */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface DeviceLike {
  destroy(): void;
  addEventListener(type: "uncapturederror", listener: (event: unknown) => void): void;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  features?: { has(name: string): boolean };
  limits?: Record<string, unknown>;
  requestDevice(descriptor?: { requiredFeatures?: unknown[] }): Promise<DeviceLike>;
}
interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<AdapterLike | null>;
}
interface DawnModule {
  create(options: string[]): GpuLike;
  globals: Record<string, unknown>;
}

const SOFTWARE_ADAPTER = /llvmpipe|softpipe|lavapipe|swiftshader|software|microsoft basic render/i;

/** True for an adapter that runs on the CPU (Dawn's fallback flag, or a Mesa/SwiftShader name). */
export function isSoftwareAdapter(info: AdapterInfoLike, fallbackFlag?: boolean): boolean {
  if (fallbackFlag === true || info.isFallbackAdapter === true) return true;
  return SOFTWARE_ADAPTER.test([info.vendor, info.architecture, info.device, info.description].join(" "));
}

/** "nvidia / hopper / NVIDIA H200 (Vulkan driver 580.…)": the adapter in one line for the worker log. */
export function describeAdapter(a: WebGpuAdapterSummary): string {
  const parts = [a.vendor, a.architecture, a.device].filter((s) => s.length > 0);
  const name = parts.length ? parts.join(" / ") : "unnamed adapter";
  return `${name}${a.description ? ` (${a.description})` : ""}${a.software ? ", software (CPU) adapter" : ""}`;
}

/** Whether the dynamic loader can find libvulkan.so.1 (ld.so cache or LD_LIBRARY_PATH), as Dawn's dlopen will. */
export function vulkanLoaderPresent(env: Record<string, string | undefined> = process.env): boolean {
  const dirs = (env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean);
  if (dirs.some((d) => existsSync(path.join(d, "libvulkan.so.1")))) return true;
  try {
    return readFileSync("/etc/ld.so.cache").includes("libvulkan.so.1");
  } catch {
    return ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"].some((d) => existsSync(path.join(d, "libvulkan.so.1")));
  }
}

function dawnNodePath(explicit: string | undefined): string {
  if (explicit) return explicit;
  const pkg = createRequire(path.join(process.cwd(), "package.json")).resolve("webgpu/package.json");
  const arch = process.platform === "darwin" ? "universal" : process.arch;
  return path.join(path.dirname(pkg), "dist", `${process.platform}-${arch}`, "dawn.node");
}

/** A flat list of feature names (tfjs 4.22 nests ['bgra8unorm-storage'] in an array, which Dawn rejects). */
function flattenFeatures(features: unknown[] | undefined): string[] | undefined {
  if (!features) return undefined;
  return features.flat(Infinity).filter((f): f is string => typeof f === "string");
}

interface OpenState {
  gpu: GpuLike;
  device: DeviceLike | null;
  summary: WebGpuAdapterSummary;
  /** First uncaptured device error since the last read, reported by the next read. */
  deviceError: string | null;
}
let state: OpenState | null = null;

const GPU_READ_SYNC_ERROR =
  "webgpu under Node cannot read GPU data synchronously (dataSync/arraySync need an OffscreenCanvas, which Node " +
  "lacks); read it with `await tensor.data()`";

/**
 * Two guards on tfjs's WebGPUBackend reads. readSync of GPU data would throw "OffscreenCanvas is not defined"
 * half-way: fail first with a message that says why. And Dawn reports a failed pipeline or submit (e.g. a kernel
 * over a device limit) only as an "uncapturederror" event while tfjs carries on with wrong numbers: the next
 * asynchronous read throws that error instead, so a job fails rather than training on garbage.
 */
function guardReads(backendClass: { prototype: object }): void {
  type DataStore = { get(dataId: object): { values?: unknown; dtype?: string } | undefined };
  const proto = backendClass.prototype as {
    readSync: (dataId: object) => unknown;
    read: (dataId: object) => Promise<unknown>;
    tensorMap: DataStore;
  };
  const originalSync = proto.readSync;
  const originalRead = proto.read;
  if ((originalSync as { podiumGuard?: boolean }).podiumGuard) return;
  const readSync = function (this: typeof proto, dataId: object): unknown {
    const data = this.tensorMap.get(dataId);
    if (data && data.values == null && data.dtype !== "string" && data.dtype !== "complex64" && typeof OffscreenCanvas === "undefined") {
      throw new Error(GPU_READ_SYNC_ERROR);
    }
    return originalSync.call(this, dataId);
  };
  const read = async function (this: typeof proto, dataId: object): Promise<unknown> {
    const values = await originalRead.call(this, dataId);
    const error = state?.deviceError;
    if (state && error) {
      state.deviceError = null;
      throw new Error(`webgpu device error (results computed since are wrong): ${error}`);
    }
    return values;
  };
  Object.assign(readSync, { podiumGuard: true });
  proto.readSync = readSync;
  proto.read = read;
}

/**
 * Loads dawn.node, defines the WebGPU globals and navigator.gpu, asks Dawn for an adapter and registers the tfjs
 * `webgpu` backend on it (not activated). Returns the adapter, or why there is none (e.g. no libvulkan.so.1).
 * Idempotent: a second call returns the first adapter.
 */
export async function openWebGpu(options: { env?: Record<string, string | undefined> } = {}): Promise<OpenWebGpuResult> {
  if (state) return { ok: true, adapter: state.summary };
  const parsed = ZWebGpuEnv.safeParse(options.env ?? process.env);
  if (!parsed.success) {
    return { ok: false, reason: `bad environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  }
  const env = parsed.data;
  const dawnOptions = (env[WEBGPU_DAWN_ENV] ?? "").split(/\s+/).filter(Boolean);
  const featureLevel = env[WEBGPU_FEATURE_LEVEL_ENV] ?? "core";

  const noVulkan =
    "Couldn't load Vulkan: libvulkan.so.1 is not installed (install libvulkan1 and the GPU driver's Vulkan ICD)";
  const backendOption = dawnOptions.find((o) => o.startsWith("backend="));
  if ((!backendOption || backendOption === "backend=vulkan") && process.platform === "linux" && !vulkanLoaderPresent()) {
    return { ok: false, reason: `no WebGPU adapter: ${noVulkan}` }; // Dawn would only say the same on stderr
  }
  let dawn: DawnModule;
  try {
    const file = dawnNodePath(env[DAWN_NODE_ENV]);
    dawn = createRequire(path.join(process.cwd(), "package.json"))(file) as DawnModule; // an absolute path
  } catch (err) {
    return { ok: false, reason: `dawn.node (npm package webgpu) failed to load (${err instanceof Error ? err.message.split("\n")[0] : String(err)})` };
  }
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const gpu = dawn.create(dawnOptions);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance", featureLevel });
  if (!adapter) {
    const usesGl = dawnOptions.some((o) => /^backend=opengl/.test(o));
    const why = usesGl
      ? "Dawn found no OpenGL adapter (needs libEGL.so.1 and libGLESv2.so.2; headless: EGL_PLATFORM=surfaceless)"
      : vulkanLoaderPresent()
        ? "Dawn found no Vulkan adapter (libvulkan.so.1 is present but no GPU driver's Vulkan ICD answered)"
        : noVulkan;
    return { ok: false, reason: `no WebGPU adapter: ${why}` };
  }
  const info = adapter.info ?? {};
  const summary: WebGpuAdapterSummary = {
    vendor: info.vendor ?? "",
    architecture: info.architecture ?? "",
    device: info.device ?? "",
    description: info.description ?? "",
    software: isSoftwareAdapter(info, adapter.isFallbackAdapter),
  };
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, "gpu", { value: gpu, configurable: true, writable: true });
  else Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  const opened: OpenState = { gpu, device: null, summary, deviceError: null };
  state = opened;

  // The package registers its own "webgpu" factory on import (it asks navigator.gpu again, without our feature
  // level); ours replaces it and builds the device on the adapter checked above.
  const { WebGPUBackend } = await import("@tensorflow/tfjs-backend-webgpu");
  guardReads(WebGPUBackend);
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  tf.registerBackend(
    "webgpu",
    async () => {
      const device = await adapter.requestDevice(deviceDescriptor(adapter));
      opened.device = device;
      device.addEventListener("uncapturederror", (event) => {
        const message = (event as { error?: { message?: string } }).error?.message ?? "unknown error";
        opened.deviceError ??= message.split("\n")[0] ?? message;
      });
      return new WebGPUBackend(device as unknown as ConstructorParameters<typeof WebGPUBackend>[0], adapter.info as unknown as ConstructorParameters<typeof WebGPUBackend>[1]);
    },
    0, // lowest priority: only ever active through an explicit tf.setBackend("webgpu")
  );
  return { ok: true, adapter: summary };
}

/**
 * What tfjs 4.22's own factory asks for (the adapter's limits the kernels rely on, timestamp queries when offered)
 * plus the adapter's storage-buffer limit,
 * with requiredFeatures kept flat: tfjs pushes ['bgra8unorm-storage'] as a nested array, which Dawn rejects.
 */
function deviceDescriptor(adapter: AdapterLike): { requiredFeatures: string[]; requiredLimits: Record<string, number> } {
  const limits = adapter.limits ?? {};
  const names = [
    "maxComputeWorkgroupStorageSize",
    "maxComputeWorkgroupsPerDimension",
    "maxStorageBufferBindingSize",
    "maxBufferSize",
    "maxComputeWorkgroupSizeX",
    "maxComputeInvocationsPerWorkgroup",
    // Not asked for by tfjs: without it the device keeps WebGPU's default of 8, and AddN binds one buffer per input.
    "maxStorageBuffersPerShaderStage",
  ];
  const requiredLimits: Record<string, number> = {};
  for (const name of names) {
    const value = limits[name];
    if (typeof value === "number") requiredLimits[name] = value;
  }
  const offered = adapter.features;
  const requiredFeatures = flattenFeatures(["timestamp-query"].filter((f) => offered?.has(f) === true)) ?? [];
  return { requiredFeatures, requiredLimits };
}

/**
 * Drops the tfjs webgpu backend, destroys the device and removes navigator.gpu: dawn.node documents that a referenced
 * instance keeps the Node process running. Call on shutdown; safe to call when WebGPU was never opened.
 */
export async function releaseWebGpu(): Promise<void> {
  if (!state) return;
  const device = state.device;
  state = null;
  // tf.findBackend would initialise a registered backend; the engine's name says what runs without side effects.
  if (tf.engine().backendName === "webgpu") await tf.setBackend("cpu"); // cpu ships with @tensorflow/tfjs
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  try {
    device?.destroy();
  } catch {
    // already destroyed with the backend
  }
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav && "gpu" in nav) delete nav.gpu;
}

/** The adapter opened in this process, if any. */
export function openedAdapter(): WebGpuAdapterSummary | null {
  return state?.summary ?? null;
}
