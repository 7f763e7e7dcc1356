// Job configs (defaults, validation) and the job view's progress and ETA, without a database.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { defaultJobConfigs, JOB_TYPES, parseJobConfig, splitJobAfter, toJobView, type JobRow } from "@/lib/jobs";
import { jobFormFields } from "@/lib/jobs/job-form-fields";
import { DEFAULT_DPO_CONFIG, DEFAULT_PPO_CONFIG, DEFAULT_RLOO_CONFIG } from "@/lib/ml/rl";
import { DEFAULT_SFT_CONFIG } from "@/lib/ml/sft/sft-config";
import { DEFAULT_REWARD_TRAIN_CONFIG } from "@/lib/ml/reward/reward-config";
import { DEFAULT_PRETRAIN_CONFIG } from "@/lib/ml/pretrain/pretrain-config";
import { rewardModelShareWarner, truncationOf } from "@/workers/ml/rl-job";

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
    paceStep: null,
    paceAt: null,
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

  it("scores truncated rollouts with the reward model plus a penalty by default, in ppo and rloo", () => {
    const defaults = defaultJobConfigs();
    expect(defaults.ppo.truncated).toBe("score-plus-penalty");
    expect(defaults.ppo.missingEosPenalty).toBeUndefined();
    expect(defaults.rloo).toMatchObject({ truncated: "score-plus-penalty", k: 4, promptsPerStep: 4, epochs: 1, whitenAdvantages: false });
    expect(parseJobConfig("ppo", { truncated: "penalty", missingEosPenalty: -2 })).toMatchObject({ truncated: "penalty", missingEosPenalty: -2 });
    expect(() => parseJobConfig("ppo", { truncated: "ignore" })).toThrow(ZodError);
    expect(() => parseJobConfig("ppo", { missingEosPenalty: 1 })).toThrow(ZodError);
    expect(() => parseJobConfig("rloo", { k: 1 })).toThrow(ZodError);
  });

  it("turns the truncation settings into the trainer's, with each mode's default penalty", () => {
    expect(truncationOf(parseJobConfig("ppo", {}))).toEqual({ truncated: "score-plus-penalty", truncatedPenalty: 0.5 });
    expect(truncationOf(parseJobConfig("rloo", { truncated: "penalty" }))).toEqual({ truncated: "penalty", truncatedPenalty: 1 });
    expect(truncationOf(parseJobConfig("ppo", { truncated: "penalty", missingEosPenalty: -3 }))).toEqual({ truncated: "penalty", truncatedPenalty: 3 });
    expect(truncationOf(parseJobConfig("ppo", { truncated: "score", missingEosPenalty: -3 }))).toEqual({ truncated: "score", truncatedPenalty: 0 });
  });

  it("warns when the reward model scored under half of a step's rollouts, then at most every 10 steps", () => {
    const logged: { message: string; level?: string }[] = [];
    const warn = rewardModelShareWarner({ log: (message, level) => logged.push({ message, level }) });
    const stats = (share: number) => ({ rewardModelShare: share, eosFraction: share, rewardRaw: 0, rewardNormalised: 0, score: 0, responseLength: 1, distinct1: 1, distinct2: 1, newlineRate: 0, repetitionRate: 0 });
    warn(1, stats(0.5));
    expect(logged).toHaveLength(0);
    warn(2, stats(0.02));
    warn(3, stats(0.02));
    warn(12, stats(0.4));
    expect(logged.map((l) => l.level)).toEqual(["warn", "warn"]);
    expect(logged[0]?.message).toMatch(/step 2: the reward model scored only 2 %/);
    expect(logged[1]?.message).toMatch(/step 12/);
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
  it("reports progress as steps over total and an ETA from the pace of the steps since the first one", () => {
    // Started at 00:00, first step reported at 00:10 (step 5), step 25 at 00:50: 40 s for 20 steps, 75 left.
    const view = toJobView({
      row: row({ step: 25, totalSteps: 100, startedAt: new Date("2026-01-01T00:00:00Z"), paceStep: 5, paceAt: new Date("2026-01-01T00:00:10Z") }),
      now: new Date("2026-01-01T00:00:50Z"),
    });
    expect(view.progress).toBeCloseTo(0.25);
    expect(view.etaSeconds).toBe(150);
  });

  it("leaves a long start-up out of the ETA", () => {
    // A DPO job: 400 s computing reference log-probs before step 1, then 1 s a step. At step 4 the old formula
    // (time since start / steps) said ~10,000 s for the 96 steps left; the pace of the steps says 96 s.
    const view = toJobView({
      row: row({ step: 4, totalSteps: 100, startedAt: new Date("2026-01-01T00:00:00Z"), paceStep: 1, paceAt: new Date("2026-01-01T00:06:40Z") }),
      now: new Date("2026-01-01T00:06:43Z"),
    });
    expect(view.etaSeconds).toBe(96);
  });

  it("has no ETA before two steps are known or once the job is over, and a full bar on success", () => {
    expect(toJobView({ row: row({ step: 0, totalSteps: 10, startedAt: new Date() }) }).etaSeconds).toBeNull();
    expect(toJobView({ row: row({ step: 3, totalSteps: 10, startedAt: new Date(), paceStep: 3, paceAt: new Date() }) }).etaSeconds).toBeNull();
    const done = toJobView({ row: row({ status: "SUCCEEDED", step: 7, totalSteps: 10, startedAt: new Date() }) });
    expect(done).toMatchObject({ progress: 1, etaSeconds: null });
    expect(toJobView({ row: row({ status: "QUEUED" }) }).progress).toBeNull();
  });
});

describe("job configs wrap their trainers' configs", () => {
  const trainers = {
    reward: { defaults: DEFAULT_REWARD_TRAIN_CONFIG, renamed: { heldOutFraction: "valFraction" } },
    ppo: { defaults: DEFAULT_PPO_CONFIG, renamed: { valueClipRange: "clipRangeValue", klCoef: "kl.initCoef", targetKl: "kl.target" } },
    rloo: { defaults: DEFAULT_RLOO_CONFIG, renamed: { klCoef: "kl.initCoef", targetKl: "kl.target" } },
    dpo: { defaults: { ...DEFAULT_DPO_CONFIG, steps: undefined }, renamed: { nllCoef: "rpoAlpha" } },
    sft: { defaults: DEFAULT_SFT_CONFIG, renamed: {} },
    pretrain: { defaults: DEFAULT_PRETRAIN_CONFIG, renamed: {} },
  } as const;
  const read = (o: object, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);

  for (const [type, { defaults, renamed }] of Object.entries(trainers)) {
    it(`gives the ${type} job its trainer's default for every field the two share`, () => {
      const job = defaultJobConfigs()[type as keyof typeof trainers] as Record<string, unknown>;
      const shared = Object.keys(job).filter((k) => k in defaults && read(defaults, k) !== undefined);
      expect(shared.length).toBeGreaterThan(2);
      for (const key of shared) expect(job[key], key).toEqual(read(defaults, key));
      for (const [jobKey, trainerPath] of Object.entries(renamed)) expect(job[jobKey], jobKey).toEqual(read(defaults, trainerPath));
    });
  }

  it("describes every field of every job type (the admin form's help texts)", () => {
    for (const type of JOB_TYPES) {
      const fields = jobFormFields(type);
      expect(fields.length, type).toBeGreaterThan(0);
      for (const field of fields) expect(field.description, `${type}.${field.path.join(".")}`).toBeTruthy();
    }
  });
});

describe("a config's `after`", () => {
  it("sits beside any type's fields: the type's schema never sees it, and a bad id is rejected", () => {
    expect(parseJobConfig("sft", { after: "job-1", steps: 3 })).toMatchObject({ steps: 3 });
    expect(parseJobConfig("sft", { after: "job-1" })).not.toHaveProperty("after");
    expect(splitJobAfter({ after: " job-1 ", steps: 3 })).toEqual({ after: "job-1", rest: { steps: 3 } });
    expect(splitJobAfter({ steps: 3 }).after).toBeUndefined();
    expect(() => parseJobConfig("sft", { after: 5 })).toThrow(ZodError);
    expect(() => parseJobConfig("sft", { after: "" })).toThrow(ZodError);
  });
});
