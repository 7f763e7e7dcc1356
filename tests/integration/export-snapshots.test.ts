// Export snapshots over real HTTP on both databases: a snapshot's manifest counts and SHA-256 match the bytes its
// download sends, which equal the live export with the same filters at that moment; new rankings change the live
// export but not the snapshot; bad input is a 400 that stores nothing; labelers get 403; creation and downloads are
// audited.
import { createHash } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "./harness";
import { createFilterWorld, makeComparison, type FilterWorld } from "./export-fixtures";
import { signedInUser, type Labeler } from "./tasks-support";

interface Manifest {
  id: string;
  name: string;
  projectId: string | null;
  format: string;
  options: { consensus: boolean; method: string };
  filters: Record<string, unknown>;
  counts: { comparisons: number; rankings: number; pairs: number; labelers: number };
  contentHash: string;
  size: number;
  createdBy: { id: string; email: string } | null;
  createdAt: string;
  downloadUrl: string;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describeEachDatabase("export snapshots", (env) => {
  let w: FilterWorld;
  let admin: Labeler;
  let labeler: Labeler;

  beforeAll(async () => {
    w = await createFilterWorld(env.db);
    admin = await signedInUser(env.db, env.baseUrl, "ADMIN");
    labeler = await signedInUser(env.db, env.baseUrl);
  });

  const snapshotCount = () => env.db.exportSnapshot.count();
  const snapshotParts = () => env.db.artifact.count({ where: { key: { startsWith: "snapshots/" } } });

  it("stores the export with counts and a SHA-256 that the downloaded bytes match", async () => {
    const filters = { projectId: w.projectP, minGoldScore: 0.5 };
    const res = await admin.api.post<{ snapshot: Manifest }>("/api/v1/exports/snapshots", { name: "careful P", format: "pairwise", filters });
    expect(res.status, res.text).toBe(201);
    const m = res.body.snapshot;
    // good1 and good2 in P: jan (2 rankings), feb (1), flagged (1), dismissed (1) — 5 rankings × 10 pairs.
    expect(m.counts).toEqual({ comparisons: 4, rankings: 5, pairs: 50, labelers: 2 });
    expect(m).toMatchObject({ name: "careful P", projectId: w.projectP, format: "pairwise", options: { consensus: false, method: "ranked-pairs" } });
    expect(m.filters).toEqual({ projectId: [w.projectP], minGoldScore: 0.5, excludeFlagged: false, includeExcluded: false, includeGold: false });
    expect(m.createdBy?.id).toBe(admin.id);

    const download = await admin.api.get(m.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    expect(download.headers.get("x-content-sha256")).toBe(m.contentHash);
    expect(sha256(download.text)).toBe(m.contentHash);
    expect(Buffer.byteLength(download.text, "utf8")).toBe(m.size);
    expect(download.text.split("\n").filter(Boolean)).toHaveLength(50);

    const live = await admin.api.get(`/api/v1/export?format=pairwise&projectId=${w.projectP}&minGoldScore=0.5`);
    expect(live.text).toBe(download.text);

    const manifest = await admin.api.get<{ snapshot: Manifest }>(`/api/v1/exports/snapshots/${m.id}`);
    expect(manifest.status).toBe(200);
    expect(manifest.body.snapshot).toEqual(m);
    const list = await admin.api.get<{ snapshots: Manifest[] }>("/api/v1/exports/snapshots");
    expect(list.body.snapshots.find((s) => s.id === m.id)).toEqual(m);
  });

  it("keeps a snapshot's bytes when new rankings arrive, while the live export changes", async () => {
    const body = { name: "listwise P", format: "listwise", options: { consensus: true, method: "bradley-terry" }, filters: { projectId: [w.projectP] } };
    const created = await admin.api.post<{ snapshot: Manifest }>("/api/v1/exports/snapshots", body);
    expect(created.status).toBe(201);
    const m = created.body.snapshot;
    expect(m.counts).toEqual({ comparisons: 4, rankings: 7, pairs: 70, labelers: 3 });
    const first = await admin.api.get(m.downloadUrl);

    await makeComparison(env.db, { projectId: w.projectP, users: w.users, rankings: [{ labeler: "good2" }, { labeler: "careless" }] });
    const live = await admin.api.get(`/api/v1/export?format=listwise&method=bradley-terry&projectId=${w.projectP}`);
    expect(live.text.split("\n").filter(Boolean)).toHaveLength(5);

    const again = await admin.api.get(m.downloadUrl);
    expect(again.text).toBe(first.text);
    expect(sha256(again.text)).toBe(m.contentHash);
    expect(first.text.split("\n").filter(Boolean)).toHaveLength(4);
  });

  it("answers bad input with 400 or 404 and stores nothing", async () => {
    const snapshots = await snapshotCount();
    const parts = await snapshotParts();
    const audits = await env.db.auditLog.count({ where: { actorId: admin.id } });
    for (const body of [
      { name: "x", format: "pairwise", filters: { minGoldScore: 2 } },
      { name: "x", format: "pairwise", filters: { from: "2026-02-01", to: "2026-01-01" } },
      { name: "x", format: "pairwise", filters: { colour: "red" } },
      { name: "x", format: "pairwise", filters: { projectId: [] } },
      { name: "x", format: "tsv" },
      { name: "", format: "pairwise" },
      { name: "x", format: "pairwise", options: { consensus: "yes" } },
      { format: "pairwise" },
    ]) {
      const res = await admin.api.post<{ error: { code: string } }>("/api/v1/exports/snapshots", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
    const unknown = await admin.api.post<{ error: { code: string } }>("/api/v1/exports/snapshots", { name: "x", format: "pairwise", filters: { projectId: "no-such-project" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("BAD_REQUEST");
    expect((await admin.api.get("/api/v1/exports/snapshots/no-such-id")).status).toBe(404);
    expect((await admin.api.get("/api/v1/exports/snapshots/no-such-id/download")).status).toBe(404);
    expect((await admin.api.get("/api/v1/exports/snapshots?limit=0")).status).toBe(400);
    expect(await snapshotCount()).toBe(snapshots);
    expect(await snapshotParts()).toBe(parts);
    expect(await env.db.auditLog.count({ where: { actorId: admin.id } })).toBe(audits);
  });

  it("refuses labelers with 403 on every snapshot route and stores nothing", async () => {
    const snapshots = await snapshotCount();
    const some = await env.db.exportSnapshot.findFirstOrThrow({ select: { id: true } });
    const answers = [
      await labeler.api.get("/api/v1/exports/snapshots"),
      await labeler.api.post("/api/v1/exports/snapshots", { name: "mine", format: "pairwise" }),
      await labeler.api.get(`/api/v1/exports/snapshots/${some.id}`),
      await labeler.api.get(`/api/v1/exports/snapshots/${some.id}/download`),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(await snapshotCount()).toBe(snapshots);
  });

  it("audits the creation and every download of a snapshot", async () => {
    const created = await admin.api.post<{ snapshot: Manifest }>("/api/v1/exports/snapshots", { name: "audited", format: "events", filters: { projectId: w.projectQ } });
    expect(created.status).toBe(201);
    const m = created.body.snapshot;
    expect(m.counts).toEqual({ comparisons: 1, rankings: 1, pairs: 10, labelers: 1 });
    await admin.api.get(m.downloadUrl);
    const entries = await env.db.auditLog.findMany({ where: { actorId: admin.id, targetType: "snapshot", targetId: m.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(entries.map((e) => e.action)).toEqual(["snapshot.create", "export.download"]);
    expect(entries[0]?.details).toMatchObject({ name: "audited", format: "events", contentHash: m.contentHash, counts: m.counts, filters: { projectId: [w.projectQ] } });
    expect(entries[1]?.details).toEqual({ name: "audited", format: "events", contentHash: m.contentHash });
  });
});
