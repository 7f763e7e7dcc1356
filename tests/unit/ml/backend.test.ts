// Backend selection: the order gpu → node → webgpu → wasm → cpu, the PODIUM_TF_BACKEND override and the reasons
// reported. The native packages are not installed here; a fake loader stands in for them (registering a CPU-backed
// "tensorflow" backend) so the paths of a machine that has them are exercised too. A fake Dawn opener stands in for
// a GPU (a CPU-backed "webgpu" backend behind a hardware or software adapter); the real one runs in tests/webgpu.
import * as tf from "@tensorflow/tfjs";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import { afterEach, describe, expect, it } from "vitest";
import type { OpenWebGpuResult, WebGpuAdapterSummary } from "@/lib/ml/webgpu-shim";
import {
  BACKEND_PACKAGES,
  backendFromEnv,
  ensureBackend,
  nodeModuleLoader,
  selectBackend,
  type OptionalModuleLoader,
} from "@/lib/ml/backend";

class FakeNativeBackend extends MathBackendCPU {
  constructor(readonly isUsingGpuDevice: boolean) {
    super();
  }
}

/** A loader on which `installed` packages "load" by registering a CPU-backed `tensorflow` backend. */
function fakeLoader(options: { installed: string[]; gpu: boolean; failLoad?: boolean }): OptionalModuleLoader {
  return {
    isInstalled: (spec) => options.installed.includes(spec) || nodeModuleLoader.isInstalled(spec),
    load: async (spec) => {
      if (options.failLoad) throw new Error("libtensorflow.so: cannot open shared object file");
      if (!options.installed.includes(spec)) throw new Error(`unexpected load of ${spec}`);
      tf.registerBackend("tensorflow", () => new FakeNativeBackend(options.gpu));
      const add = tf.getKernel("Add", "cpu");
      if (!add) throw new Error("cpu Add kernel missing");
      tf.registerKernel({ ...add, backendName: "tensorflow" });
      return {};
    },
  };
}

const H200: WebGpuAdapterSummary = { vendor: "nvidia", architecture: "hopper", device: "NVIDIA H200", description: "NVIDIA: 580.82", software: false };
const LLVMPIPE: WebGpuAdapterSummary = { vendor: "", architecture: "", device: "llvmpipe", description: "OpenGL ES 3.2 Mesa", software: true };

/** A CPU-backed backend registered as "webgpu"; `syncReads: false` makes dataSync throw as Dawn under Node does. */
class FakeWebGpuBackend extends MathBackendCPU {
  constructor(private readonly syncReads: boolean) {
    super();
  }
  override readSync(dataId: object): ReturnType<MathBackendCPU["readSync"]> {
    if (!this.syncReads) throw new Error("webgpu under Node cannot read GPU data synchronously");
    return super.readSync(dataId);
  }
  override async read(dataId: object): ReturnType<MathBackendCPU["read"]> {
    return super.readSync(dataId); // asynchronous reads always work
  }
}

function fakeWebGpu(options: { adapter: WebGpuAdapterSummary | null; syncReads: boolean }): () => Promise<OpenWebGpuResult> {
  return async () => {
    if (!options.adapter) return { ok: false, reason: "no WebGPU adapter: Couldn't load Vulkan: libvulkan.so.1 is not installed" };
    tf.registerBackend("webgpu", () => new FakeWebGpuBackend(options.syncReads));
    for (const name of ["Add", "BatchMatMul", "Fill"]) {
      const kernel = tf.getKernel(name, "cpu");
      if (kernel && !tf.getKernel(name, "webgpu")) tf.registerKernel({ ...kernel, backendName: "webgpu" });
    }
    return { ok: true, adapter: options.adapter };
  };
}

afterEach(async () => {
  if (tf.findBackendFactory("webgpu")) {
    await tf.setBackend("cpu");
    tf.removeBackend("webgpu");
  }
  if (tf.findBackendFactory("tensorflow")) {
    await tf.setBackend("cpu");
    tf.removeBackend("tensorflow");
    if (tf.getKernel("Add", "tensorflow")) tf.unregisterKernel("Add", "tensorflow");
  }
});

describe("selectBackend", () => {
  it("falls back to wasm on a machine without the native packages and says why each was passed over", async () => {
    const selection = await selectBackend({ env: {} });
    expect(selection.name).toBe("wasm");
    expect(selection.tfBackend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(selection.reasons).toEqual([
      "tfjs-node-gpu: not installed",
      "tfjs-node: not installed",
      expect.stringMatching(/^webgpu: /),
      expect.stringMatching(/^wasm: selected/),
      "cpu: not tried, wasm is faster",
    ]);
  });

  it("runs computations on wasm without fetching anything", async () => {
    await selectBackend({ env: {} });
    const out = tf.tidy(() => tf.matMul(tf.ones([4, 3]), tf.ones([3, 2])).arraySync());
    expect(out).toEqual([
      [3, 3],
      [3, 3],
      [3, 3],
      [3, 3],
    ]);
  });

  it("obeys PODIUM_TF_BACKEND=cpu and marks the others as skipped", async () => {
    const selection = await selectBackend({ env: { PODIUM_TF_BACKEND: "cpu" } });
    expect(selection.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(selection.reasons[0]).toBe("tfjs-node-gpu: skipped (PODIUM_TF_BACKEND=cpu)");
    expect(selection.reasons[4]).toMatch(/^cpu: selected, forced/);
    await selectBackend({ env: {} });
  });

  it("rejects an unknown PODIUM_TF_BACKEND value with the allowed names", () => {
    expect(() => backendFromEnv({ PODIUM_TF_BACKEND: "cuda" })).toThrow(/"cuda" is not one of gpu, node, webgpu, wasm, cpu/);
    expect(backendFromEnv({ PODIUM_TF_BACKEND: " WASM " })).toBe("wasm");
    expect(backendFromEnv({})).toBeUndefined();
  });

  it("fails loudly when a forced backend is not installed instead of silently falling back", async () => {
    await expect(selectBackend({ env: { PODIUM_TF_BACKEND: "gpu" } })).rejects.toThrow(
      /PODIUM_TF_BACKEND=gpu but tfjs-node-gpu cannot run: not installed/,
    );
  });

  it("picks tfjs-node-gpu when it is installed and reports a CUDA device", async () => {
    const loader = fakeLoader({ installed: [BACKEND_PACKAGES.gpu], gpu: true });
    const selection = await selectBackend({ env: {}, loader });
    expect(selection.name).toBe("gpu");
    expect(selection.tfBackend).toBe("tensorflow");
    expect(selection.reasons).toEqual([
      "tfjs-node-gpu: selected (CUDA device)",
      "tfjs-node: not tried, tfjs-node-gpu is faster",
      "webgpu: not tried, tfjs-node-gpu is faster",
      "wasm: not tried, tfjs-node-gpu is faster",
      "cpu: not tried, tfjs-node-gpu is faster",
    ]);
  });

  it("passes over tfjs-node-gpu without a CUDA device and uses its native CPU kernels as tfjs-node", async () => {
    const loader = fakeLoader({ installed: [BACKEND_PACKAGES.gpu], gpu: false });
    const selection = await selectBackend({ env: {}, loader });
    expect(selection.name).toBe("node");
    expect(selection.reasons[0]).toBe("tfjs-node-gpu: installed, but TensorFlow found no usable CUDA device");
    expect(selection.reasons[1]).toBe("tfjs-node: selected (native CPU kernels)");
  });

  it("reports a native package that is installed but cannot load, and still ends on wasm", async () => {
    const loader = fakeLoader({ installed: [BACKEND_PACKAGES.gpu, BACKEND_PACKAGES.node], gpu: false, failLoad: true });
    const selection = await selectBackend({ env: {}, loader });
    expect(selection.name).toBe("wasm");
    expect(selection.reasons[0]).toMatch(/^tfjs-node-gpu: installed but failed to load \(libtensorflow\.so/);
    expect(selection.reasons[1]).toMatch(/^tfjs-node: installed but failed to load/);
  });

  it("logs one summary line naming the backend", async () => {
    const lines: string[] = [];
    await selectBackend({ env: {}, log: (line) => lines.push(line) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tfjs backend: wasm/);
  });

  it("selects once per process through ensureBackend and returns the same answer after", async () => {
    const lines: string[] = [];
    const first = await ensureBackend({ env: {}, log: (line) => lines.push(line) });
    const second = await ensureBackend({ env: { PODIUM_TF_BACKEND: "cpu" }, log: (line) => lines.push(line) });
    expect(second).toBe(first);
    expect(lines).toHaveLength(1);
    expect(tf.getBackend()).toBe(first.tfBackend);
  });

  it("picks webgpu after the native packages when Dawn finds a hardware adapter that reads synchronously", async () => {
    const selection = await selectBackend({ env: {}, openWebGpu: fakeWebGpu({ adapter: H200, syncReads: true }) });
    expect(selection.name).toBe("webgpu");
    expect(tf.getBackend()).toBe("webgpu");
    expect(selection.reasons[2]).toBe("webgpu: selected (adapter nvidia / hopper / NVIDIA H200 (NVIDIA: 580.82))");
    expect(selection.reasons[3]).toBe("wasm: not tried, webgpu is faster");
  });

  it("never picks a software adapter automatically, and says which adapter it passed over", async () => {
    const selection = await selectBackend({ env: {}, openWebGpu: fakeWebGpu({ adapter: LLVMPIPE, syncReads: true }) });
    expect(selection.name).toBe("wasm");
    expect(selection.reasons[2]).toBe(
      "webgpu: adapter llvmpipe (OpenGL ES 3.2 Mesa), software (CPU) adapter: never chosen automatically (PODIUM_TF_BACKEND=webgpu forces it)",
    );
  });

  it("picks a GPU whose data cannot be read synchronously, as Dawn's under Node: the trainers and sampling read asynchronously", async () => {
    const selection = await selectBackend({ env: {}, openWebGpu: fakeWebGpu({ adapter: H200, syncReads: false }) });
    expect(selection.name).toBe("webgpu");
    expect(tf.getBackend()).toBe("webgpu");
    expect(selection.reasons[2]).toBe("webgpu: selected (adapter nvidia / hopper / NVIDIA H200 (NVIDIA: 580.82))");
  });

  it("reports a machine without Vulkan in plain words and ends on wasm", async () => {
    const lines: string[] = [];
    const selection = await selectBackend({ env: {}, openWebGpu: fakeWebGpu({ adapter: null, syncReads: true }), log: (l) => lines.push(l) });
    expect(selection.name).toBe("wasm");
    expect(selection.reasons[2]).toBe("webgpu: no WebGPU adapter: Couldn't load Vulkan: libvulkan.so.1 is not installed");
    expect(lines[0]).toContain("Couldn't load Vulkan");
  });

  it("runs a forced webgpu on a software adapter and names the adapter", async () => {
    const selection = await selectBackend({
      env: { PODIUM_TF_BACKEND: "webgpu" },
      openWebGpu: fakeWebGpu({ adapter: LLVMPIPE, syncReads: false }),
    });
    expect(selection.name).toBe("webgpu");
    expect(selection.reasons[2]).toMatch(/^webgpu: selected, forced \(adapter llvmpipe \(OpenGL ES 3\.2 Mesa\), software \(CPU\) adapter\)$/);
  });

  it("fails a forced webgpu without an adapter with the reason", async () => {
    await expect(
      selectBackend({ env: { PODIUM_TF_BACKEND: "webgpu" }, openWebGpu: fakeWebGpu({ adapter: null, syncReads: true }) }),
    ).rejects.toThrow(/PODIUM_TF_BACKEND=webgpu but webgpu cannot run: no WebGPU adapter: Couldn't load Vulkan/);
  });
});
