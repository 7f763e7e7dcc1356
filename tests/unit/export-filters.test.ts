// The export filter schema and its query-string form, and the training-data part of the reward / DPO job configs.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { filtersFromSearchParams, filtersToJson, rangeEnd, ZExportFilters } from "@/lib/data/export-filters";
import { parseJobConfig } from "@/lib/jobs/job-config";

describe("export filters", () => {
  it("default to every project with gold, excluded and nothing else left out", () => {
    expect(ZExportFilters.parse({})).toEqual({ excludeFlagged: false, includeExcluded: false, includeGold: false });
  });

  it("read repeated and comma-separated projects, numbers and booleans from a query string", () => {
    const f = filtersFromSearchParams(new URLSearchParams("projectId=a,b&projectId=c&minGoldScore=0.75&minAgreement=1&includeGold=1&excludeFlagged=false&from=2026-01-01"));
    expect(filtersToJson(f)).toEqual({
      projectId: ["a", "b", "c"],
      from: "2026-01-01",
      minGoldScore: 0.75,
      minAgreement: 1,
      excludeFlagged: false,
      includeExcluded: false,
      includeGold: true,
    });
  });

  it("refuse out-of-range numbers, non-booleans, bad dates, a reversed range and unknown keys", () => {
    for (const q of ["minGoldScore=1.5", "minAgreement=x", "includeGold=yes", "from=tomorrow", "from=2026-02-01&to=2026-01-31", "to=2026-13-01", "projectId="]) {
      expect(() => filtersFromSearchParams(new URLSearchParams(q)), q).toThrow(ZodError);
    }
    expect(() => ZExportFilters.parse({ project: "a" })).toThrow(ZodError);
  });

  it("let a bare to-date cover its whole day", () => {
    expect(rangeEnd("2026-01-31").toISOString()).toBe("2026-01-31T23:59:59.999Z");
    expect(rangeEnd("2026-01-31T10:00:00Z").toISOString()).toBe("2026-01-31T10:00:00.000Z");
  });
});

describe("training data of reward and DPO jobs", () => {
  it("defaults to live rankings under the default filters", () => {
    expect(parseJobConfig("reward", {}).data).toEqual({ filters: { excludeFlagged: false, includeExcluded: false, includeGold: false } });
    expect(parseJobConfig("dpo", {}).data).toEqual({ filters: { excludeFlagged: false, includeExcluded: false, includeGold: false } });
  });

  it("takes a snapshot id or filters, never both, and refuses since with a snapshot", () => {
    expect(parseJobConfig("reward", { data: { snapshotId: "s1" } }).data).toEqual({ snapshotId: "s1" });
    expect(parseJobConfig("dpo", { data: { filters: { projectId: "p", minGoldScore: 0.8 } } }).data).toMatchObject({ filters: { projectId: "p", minGoldScore: 0.8 } });
    expect(() => parseJobConfig("reward", { data: { snapshotId: "s1", filters: {} } })).toThrow(ZodError);
    expect(() => parseJobConfig("reward", { data: { snapshotId: "s1" }, since: "2026-01-01T00:00:00Z" })).toThrow(ZodError);
    expect(() => parseJobConfig("dpo", { data: { filters: { minAgreement: 2 } } })).toThrow(ZodError);
  });

  it("lets PPO roll out on chosen projects and generate write for one project", () => {
    expect(parseJobConfig("ppo", { projectIds: ["a", "b"] }).projectIds).toEqual(["a", "b"]);
    expect(() => parseJobConfig("ppo", { projectIds: [] })).toThrow(ZodError);
    expect(parseJobConfig("generate", { projectId: "a" }).projectId).toBe("a");
  });
});
