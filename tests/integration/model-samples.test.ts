// GET /api/v1/models/:id/samples: a policy version's stored completions beside its parent's, paged through the
// version's prompts with a cursor, narrowed to one split or project, with how each completion ended.
import { beforeAll, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser, uniq } from "../support/factories";

interface SamplesBody {
  modelVersionId: string;
  parentId: string | null;
  samples: { promptId: string; prompt: string; split: string; completions: { text: string; finishReason: string | null }[]; parentCompletions: { text: string }[] }[];
  nextCursor: string | null;
  error?: { code: string; message: string };
}

describeEachDatabase("model samples", (env) => {
  let admin: ApiClient;
  let labeler: ApiClient;
  let childId = "";
  const tag = uniq("samples");

  beforeAll(async () => {
    const a = await createTestUser(env.db, { role: "ADMIN" });
    admin = new ApiClient(env.baseUrl);
    await admin.login(a.email, a.password);
    const l = await createTestUser(env.db);
    labeler = new ApiClient(env.baseUrl);
    await labeler.login(l.email, l.password);
    const model = (name: string, parentId?: string) =>
      env.db.modelVersion.create({ data: { kind: "POLICY", name, parentId, config: {}, metrics: {}, artifactKey: uniq("key") } });
    const parent = await model(`${tag}-parent`);
    const child = await model(`${tag}-child`, parent.id);
    childId = child.id;
    // Five prompts (ids ordered p0 < p1 < …), three answered by the child, p1 also by the parent; p3 is held out.
    for (let i = 0; i < 5; i++) {
      const prompt = await env.db.prompt.create({
        data: { id: `${tag}-p${i}`, text: `${tag} prompt ${i}`, textHash: uniq("h"), split: i === 3 ? "eval" : "train" },
      });
      if (i % 2 === 1 || i === 0) {
        for (let k = 0; k < 3; k++) {
          await env.db.completion.create({
            data: { promptId: prompt.id, text: `child ${i}.${k}`, source: "policy", modelVersionId: child.id, finishReason: k === 2 ? "length" : "eos" },
          });
        }
      }
      if (i === 1) await env.db.completion.create({ data: { promptId: prompt.id, text: "parent 1", source: "policy", modelVersionId: parent.id } });
    }
  });

  it("pages through the version's prompts with the cursor and honours perPrompt", async () => {
    const first = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?prompts=2&perPrompt=3`);
    expect(first.status).toBe(200);
    expect(first.body.samples.map((s) => s.promptId)).toEqual([`${tag}-p0`, `${tag}-p1`]);
    expect(first.body.samples[1]?.completions.map((c) => [c.text, c.finishReason])).toEqual([
      ["child 1.0", "eos"],
      ["child 1.1", "eos"],
      ["child 1.2", "length"],
    ]);
    expect(first.body.samples[1]?.parentCompletions.map((c) => c.text)).toEqual(["parent 1"]);
    expect(first.body.nextCursor).toBe(`${tag}-p1`);
    const second = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?prompts=2&perPrompt=1&cursor=${first.body.nextCursor}`);
    expect(second.body.samples.map((s) => [s.promptId, s.completions.length])).toEqual([[`${tag}-p3`, 1]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("narrows to the held-out split", async () => {
    const res = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?split=eval&prompts=10`);
    expect(res.body.samples.map((s) => [s.promptId, s.split])).toEqual([[`${tag}-p3`, "eval"]]);
  });

  it("narrows to one project, and pages within it", async () => {
    const projectId = uniq("proj");
    await env.db.project.create({ data: { id: projectId, name: projectId } });
    await env.db.prompt.updateMany({ where: { id: { in: [`${tag}-p0`, `${tag}-p3`] } }, data: { projectId } });
    const first = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?projectId=${projectId}&prompts=1&perPrompt=2`);
    expect(first.body.samples.map((s) => [s.promptId, s.completions.length])).toEqual([[`${tag}-p0`, 2]]);
    expect(first.body.nextCursor).toBe(`${tag}-p0`);
    const second = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?projectId=${projectId}&prompts=1&cursor=${first.body.nextCursor}`);
    expect(second.body.samples.map((s) => s.promptId)).toEqual([`${tag}-p3`]);
    expect(second.body.nextCursor).toBeNull();
    const none = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?projectId=${uniq("none")}`);
    expect(none.body).toMatchObject({ samples: [], nextCursor: null });
  });

  it("refuses bad parameters with 400, an unknown version with 404 and a labeler with 403", async () => {
    for (const q of ["prompts=0", "prompts=101", "perPrompt=x", "split=test", "extra=1"]) {
      const res = await admin.get<SamplesBody>(`/api/v1/models/${childId}/samples?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error?.code).toBeTruthy();
    }
    expect((await admin.get(`/api/v1/models/${uniq("none")}/samples`)).status).toBe(404);
    expect((await labeler.get(`/api/v1/models/${childId}/samples`)).status).toBe(403);
  });
});
