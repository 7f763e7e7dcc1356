// Job configs (defaults, validation) and the job view's progress and ETA, without a database.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { defaultJobConfigs, parseJobConfig, toJobView, type JobRow } from "@/lib/jobs";

function row(overrides: Partial<JobRow>): JobRow {
  return {
    id: "j1",
    type: "reward",
    status: "RUNNING",
    config: {},
    step: 0,
    totalSteps: 0,
    attempts: 1,
    maxAttempts: 3,
    error: null,
    result: null,
    cancelRequested: false,
    leaseOwner: "w",
    leaseExpiresAt: null,
    heartbeatAt: null,
    createdById: null,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

describe("job configs", () => {
  it("fills every default in for an empty config of each type", () => {
    const defaults = defaultJobConfigs();
    expect(defaults.reward).toMatchObject({ steps: 300, loss: "bradley-terry", heldOutFraction: 0.1 });
    expect(defaults.ppo).toMatchObject({ gamma: 1, lambda: 0.95, clipRange: 0.2, activate: false, adaptiveKl: false });
    expect(defaults.ppo.sampling).toMatchObject({ temperature: 1, maxTokens: 64 });
    expect(defaults.dpo).toMatchObject({ beta: 0.1, nllCoef: 0, activate: false });
    expect(defaults.generate).toMatchObject({ source: "policy", prompts: "new" });
    expect(defaults.generate.sampling).toEqual({ temperature: 0.8, topK: 40, topP: 1, maxTokens: 64 });
    expect(defaults.pretrain).toMatchObject({ tokenizer: "shipped", nEmbd: 128, nHead: 4 });
  });

  it("keeps given values and merges nested sampling settings with their defaults", () => {
    const ppo = parseJobConfig("ppo", { steps: 5, sampling: { temperature: 0.7 } });
    expect(ppo.steps).toBe(5);
    expect(ppo.sampling).toEqual({ temperature: 0.7, topK: 0, topP: 0.95, maxTokens: 64 });
  });

  it("rejects out-of-range values, unknown fields and an external generator without its endpoint", () => {
    expect(() => parseJobConfig("reward", { steps: 0 })).toThrow(ZodError);
    expect(() => parseJobConfig("dpo", { betta: 0.1 })).toThrow(ZodError);
    expect(() => parseJobConfig("generate", { source: "external" })).toThrow(/external/);
    expect(() => parseJobConfig("pretrain", { nEmbd: 130, nHead: 4 })).toThrow(/nHead/);
    expect(() =>
      parseJobConfig("generate", { source: "external", external: { baseUrl: "ftp://x", model: "m" } }),
    ).toThrow(ZodError);
    const ok = parseJobConfig("generate", { source: "external", external: { baseUrl: "http://127.0.0.1:8000/v1", model: "m" } });
    expect(ok.external?.apiKeyEnv).toBe("OPENAI_API_KEY");
  });
});

describe("job view", () => {
  it("reports progress as steps over total and an ETA from the pace since the start", () => {
    const view = toJobView({
      row: row({ step: 25, totalSteps: 100, startedAt: new Date("2026-01-01T00:00:00Z") }),
      now: new Date("2026-01-01T00:00:50Z"),
    });
    expect(view.progress).toBeCloseTo(0.25);
    expect(view.etaSeconds).toBe(150);
  });

  it("has no ETA before the first step or once the job is over, and a full bar on success", () => {
    expect(toJobView({ row: row({ step: 0, totalSteps: 10, startedAt: new Date() }) }).etaSeconds).toBeNull();
    const done = toJobView({ row: row({ status: "SUCCEEDED", step: 7, totalSteps: 10, startedAt: new Date() }) });
    expect(done).toMatchObject({ progress: 1, etaSeconds: null });
    expect(toJobView({ row: row({ status: "QUEUED" }) }).progress).toBeNull();
  });
});
