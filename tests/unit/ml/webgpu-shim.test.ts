// The pure parts of the webgpu shim: which adapters count as software (never chosen automatically), how the
// adapter reads in the worker log, and how the Vulkan loader is found (LD_LIBRARY_PATH or the ld.so cache).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeAdapter, isSoftwareAdapter, openWebGpu, vulkanLoaderPresent } from "@/lib/ml/webgpu-shim";

describe("webgpu shim", () => {
  it("counts llvmpipe, SwiftShader, lavapipe and Dawn's fallback flag as software adapters, and a GPU as hardware", () => {
    expect(isSoftwareAdapter({ device: "llvmpipe-llvm-15-0-6-256-bits-", description: "OpenGL ES 3.2 Mesa 22.3.6" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "google", architecture: "swiftshader", description: "SwiftShader Device (Subzero)" })).toBe(true);
    expect(isSoftwareAdapter({ device: "llvmpipe (LLVM 15.0.6, 256 bits)", description: "Mesa 22.3.6 (lavapipe)" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "nvidia", device: "NVIDIA H200" }, true)).toBe(true);
    expect(isSoftwareAdapter({ vendor: "nvidia", architecture: "hopper", device: "NVIDIA H200", description: "NVIDIA: 580.82" })).toBe(false);
  });

  it("describes an adapter in one line, naming a software one as such", () => {
    expect(describeAdapter({ vendor: "nvidia", architecture: "hopper", device: "NVIDIA H200", description: "NVIDIA: 580", software: false })).toBe(
      "nvidia / hopper / NVIDIA H200 (NVIDIA: 580)",
    );
    expect(describeAdapter({ vendor: "", architecture: "", device: "", description: "", software: true })).toBe(
      "unnamed adapter, software (CPU) adapter",
    );
  });

  it("finds libvulkan.so.1 in a folder on LD_LIBRARY_PATH", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "podium-vk-"));
    try {
      await writeFile(path.join(dir, "libvulkan.so.1"), "");
      expect(vulkanLoaderPresent({ LD_LIBRARY_PATH: `/nonexistent:${dir}` })).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a feature level it does not know, naming the variable", async () => {
    const result = await openWebGpu({ env: { PODIUM_WEBGPU_FEATURE_LEVEL: "turbo" } });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^bad environment: PODIUM_WEBGPU_FEATURE_LEVEL/) });
  });
});
