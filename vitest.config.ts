import { defineConfig } from "vitest/config";
import path from "node:path";

// Three suites: unit (no services, seconds), integration (real SQLite + PostgreSQL, real HTTP) and webgpu (the
// webgpu backend against wasm on Dawn's OpenGL ES backend over Mesa's llvmpipe: no GPU needed, EGL headless).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          globalSetup: ["tests/integration/global-setup.ts"],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "webgpu",
          include: ["tests/webgpu/**/*.test.ts"],
          testTimeout: 120_000,
          env: {
            PODIUM_WEBGPU_DAWN: "backend=opengles",
            PODIUM_WEBGPU_FEATURE_LEVEL: "compatibility",
            EGL_PLATFORM: "surfaceless",
          },
        },
      },
    ],
  },
});
