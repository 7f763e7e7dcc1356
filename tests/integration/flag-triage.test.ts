// Flag triage on both databases over real HTTP: the open and resolved lists (with the labeler, note and excerpts),
// dismissing a flag, excluding its comparison (every open flag of the comparison resolved with it), the refusals
// (nothing changed) and the audit entries.
import { expect, it } from "vitest";
import { createTestUser } from "../support/factories";
import { describeEachDatabase } from "./harness";
import { auditOf, comparisonsIn, createTestProject, storeFlag } from "./curation-support";
import { signedInUser, type ErrorBody } from "./tasks-support";

interface FlagRow {
  id: string;
  reason: string;
  note: string | null;
  resolution: string | null;
  labeler: { id: string; name: string; pseudonym: string };
  completion: { id: string; excerpt: string };
  prompt: { id: string; projectId: string; excerpt: string };
  comparison: { id: string; excluded: boolean } | null;
}
interface FlagList {
  flags: FlagRow[];
  nextCursor: string | null;
}
interface TriageBody {
  flag: { id: string; resolution: string };
  excludedComparisons: string[];
  flagsResolved: number;
}

describeEachDatabase("flag triage", (env) => {
  async function setUp() {
    const admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
    const project = await createTestProject(env.db);
    const [one, two] = await comparisonsIn(env.db, project, 2);
    const flagger = await createTestUser(env.db);
    const t = Date.now();
    const f1 = await storeFlag(env.db, one!.completionIds[0]!, flagger.id, "harmful", "insults the user", new Date(t - 3000));
    const f2 = await storeFlag(env.db, one!.completionIds[3]!, flagger.id, "broken", null, new Date(t - 2000));
    const f3 = await storeFlag(env.db, two!.completionIds[1]!, flagger.id, "other", "off-topic", new Date(t - 1000));
    return { admin, project, one: one!, two: two!, flagger, f1, f2, f3 };
  }

  it("lists open flags newest first with reason, note, labeler and excerpts, filtered by project, paged by cursor", async () => {
    const { admin, project, one, two, flagger, f1, f2, f3 } = await setUp();
    const res = await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}`);
    expect(res.status).toBe(200);
    expect(res.body.flags.map((f) => f.id)).toEqual([f3.id, f2.id, f1.id]);
    const first = res.body.flags[2]!;
    const completion = await env.db.completion.findUniqueOrThrow({ where: { id: one.completionIds[0]! }, select: { text: true } });
    const prompt = await env.db.prompt.findUniqueOrThrow({ where: { id: one.promptId }, select: { text: true } });
    expect(first).toMatchObject({
      reason: "harmful",
      note: "insults the user",
      resolution: null,
      labeler: { id: flagger.id },
      completion: { id: one.completionIds[0], excerpt: completion.text },
      prompt: { id: one.promptId, projectId: project, excerpt: prompt.text },
      comparison: { id: one.id, excluded: false },
    });
    expect(res.body.flags[0]?.comparison?.id).toBe(two.id);

    const page1 = await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}&limit=2`);
    expect(page1.body.flags.map((f) => f.id)).toEqual([f3.id, f2.id]);
    const page2 = await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.flags.map((f) => f.id)).toEqual([f1.id]);
    expect(page2.body.nextCursor).toBeNull();
    expect((await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}&status=resolved`)).body.flags).toEqual([]);
  });

  it("dismisses one flag: resolved as dismissed, listed as resolved, audited; a second triage is a 409", async () => {
    const { admin, project, one, f1, f2 } = await setUp();
    const res = await admin.api.request<TriageBody>("PATCH", `/api/v1/flags/${f1.id}`, { action: "dismiss", reason: "fair criticism" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flag: { id: f1.id, resolution: "dismissed" }, excludedComparisons: [], flagsResolved: 1 });
    const stored = await env.db.flag.findUniqueOrThrow({ where: { id: f1.id }, select: { resolution: true, resolvedAt: true, resolvedById: true } });
    expect(stored.resolution).toBe("dismissed");
    expect(stored.resolvedAt).not.toBeNull();
    expect(stored.resolvedById).toBe(admin.id);
    // The other flag of the same comparison stays open; the comparison is not excluded.
    expect((await env.db.flag.findUniqueOrThrow({ where: { id: f2.id } })).resolvedAt).toBeNull();
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: one.id } })).excludedAt).toBeNull();

    const resolved = await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}&status=resolved`);
    expect(resolved.body.flags.map((f) => [f.id, f.resolution])).toEqual([[f1.id, "dismissed"]]);
    const entry = await env.db.auditLog.findFirstOrThrow({ where: { targetId: f1.id } });
    expect(entry).toMatchObject({ action: "flag.dismiss", targetType: "flag", actorId: admin.id, details: { reason: "fair criticism" } });

    const again = await admin.api.request<ErrorBody>("PATCH", `/api/v1/flags/${f1.id}`, { action: "exclude" });
    expect(again.status).toBe(409);
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: one.id } })).excludedAt).toBeNull();
    expect(await auditOf(env.db, f1.id)).toEqual(["flag.dismiss"]);
  });

  it("excludes the flag's comparison and resolves every open flag of it, leaving other comparisons alone", async () => {
    const { admin, project, one, two, f1, f2, f3 } = await setUp();
    const res = await admin.api.request<TriageBody>("PATCH", `/api/v1/flags/${f2.id}`, { action: "exclude" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flag: { id: f2.id, resolution: "excluded" }, excludedComparisons: [one.id], flagsResolved: 2 });
    const c = await env.db.comparison.findUniqueOrThrow({ where: { id: one.id }, select: { excludedAt: true, excludedReason: true } });
    expect(c.excludedAt).not.toBeNull();
    expect(c.excludedReason).toBe("Flagged as broken");
    for (const id of [f1.id, f2.id]) {
      expect(await env.db.flag.findUniqueOrThrow({ where: { id }, select: { resolution: true, resolvedById: true } })).toEqual({
        resolution: "excluded",
        resolvedById: admin.id,
      });
    }
    expect((await env.db.flag.findUniqueOrThrow({ where: { id: f3.id } })).resolvedAt).toBeNull();
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: two.id } })).excludedAt).toBeNull();

    const open = await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}`);
    expect(open.body.flags.map((f) => f.id)).toEqual([f3.id]);
    const resolved = await admin.api.get<FlagList>(`/api/v1/flags?projectId=${project}&status=resolved`);
    expect(resolved.body.flags.map((f) => f.id)).toEqual([f2.id, f1.id]);
    expect(resolved.body.flags.every((f) => f.comparison?.excluded)).toBe(true);
    expect(await auditOf(env.db, f2.id)).toEqual(["flag.exclude"]);
    expect(await auditOf(env.db, one.id)).toEqual(["comparison.exclude"]);

    // With a reason: it becomes the comparison's exclusion reason.
    const withReason = await admin.api.request<TriageBody>("PATCH", `/api/v1/flags/${f3.id}`, { action: "exclude", reason: "answers a different question" });
    expect(withReason.status).toBe(200);
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: two.id } })).excludedReason).toBe("answers a different question");
  });

  it("refuses bad input (400), an unknown flag (404) and a labeler (403), changing nothing", async () => {
    const { admin, one, f1 } = await setUp();
    for (const body of [{}, { action: "delete" }, { action: "dismiss", reason: "" }, { action: "exclude", reason: "x".repeat(501) }, { action: "dismiss", extra: true }]) {
      const res = await admin.api.request<ErrorBody>("PATCH", `/api/v1/flags/${f1.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await admin.api.request<ErrorBody>("PATCH", "/api/v1/flags/no-such-flag", { action: "dismiss" })).status).toBe(404);
    for (const q of ["status=closed", "limit=0", "cursor=bad", "other=1"]) {
      expect((await admin.api.get<ErrorBody>(`/api/v1/flags?${q}`)).status, q).toBe(400);
    }
    const labeler = await signedInUser(env.db, env.baseUrl);
    expect((await labeler.api.get("/api/v1/flags")).status).toBe(403);
    expect((await labeler.api.request("PATCH", `/api/v1/flags/${f1.id}`, { action: "exclude" })).status).toBe(403);
    expect((await env.db.flag.findUniqueOrThrow({ where: { id: f1.id } })).resolvedAt).toBeNull();
    expect((await env.db.comparison.findUniqueOrThrow({ where: { id: one.id } })).excludedAt).toBeNull();
    expect(await auditOf(env.db, f1.id)).toEqual([]);
  });
});
