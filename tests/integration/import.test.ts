import { beforeAll, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser, uniq } from "../support/factories";
import type { ImportReport } from "@/lib/data";

const five = (tag: string) => Array.from({ length: 5 }, (_, i) => `${tag} answer ${i}`);

describeEachDatabase("prompt import", (env) => {
  const api = () => new ApiClient(env.baseUrl);
  let admin: ApiClient;
  beforeAll(async () => {
    const user = await createTestUser(env.db, { role: "ADMIN" });
    admin = api();
    await admin.login(user.email, user.password);
  });

  it("imports a JSON array of prompts with and without completions and builds one comparison per five", async () => {
    const tag = uniq("arr");
    const res = await admin.post<ImportReport>("/api/v1/prompts?requiredRankings=4", [
      { prompt: `${tag} one`, completions: five(tag) },
      { prompt: `${tag} two` },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 2, rejected: 0, duplicates: 0, comparisons: 1 });
    const prompt = await env.db.prompt.findFirstOrThrow({
      where: { text: `${tag} one` },
      select: { completions: { select: { text: true } }, comparisons: { select: { requiredRankings: true, items: true } } },
    });
    expect(prompt.completions.map((c) => c.text).sort()).toEqual(five(tag).sort());
    expect(prompt.comparisons).toHaveLength(1);
    expect(prompt.comparisons[0]?.requiredRankings).toBe(4);
    expect(prompt.comparisons[0]?.items.map((i) => i.position).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("reports each bad JSONL line with its reason and imports the good ones", async () => {
    const tag = uniq("jsonl");
    const body = [
      JSON.stringify({ prompt: `${tag} good`, completions: five(tag) }),
      "{not json",
      JSON.stringify({ prompt: "" }),
      JSON.stringify({ prompt: `${tag} four`, completions: ["only", "three", "here"] }),
      JSON.stringify({ prompt: `${tag} dup`, completions: ["a", "a", "b", "c", "d"] }),
      JSON.stringify({ prompt: `${tag} extra`, colour: "blue" }),
      "",
      JSON.stringify({ prompt: `${tag} good` }),
    ].join("\n");
    const res = await admin.post<ImportReport>("/api/v1/prompts", body, { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(1);
    expect(res.body.rejected).toBe(5);
    expect(res.body.duplicates).toBe(1);
    const byLine = new Map(res.body.results.map((r) => [r.line, r]));
    expect(byLine.get(1)?.status).toBe("imported");
    expect(byLine.get(2)).toMatchObject({ status: "rejected", reason: expect.stringContaining("not valid JSON") });
    expect(byLine.get(3)).toMatchObject({ status: "rejected", reason: expect.stringContaining("prompt is empty") });
    expect(byLine.get(4)).toMatchObject({ status: "rejected", reason: expect.stringContaining("exactly 5 completions") });
    expect(byLine.get(5)).toMatchObject({ status: "rejected", reason: expect.stringContaining("distinct") });
    expect(byLine.get(6)).toMatchObject({ status: "rejected", reason: expect.stringContaining("colour") });
    expect(byLine.get(8)).toMatchObject({ status: "duplicate", reason: "same prompt as line 1" });
    expect(await env.db.prompt.count({ where: { text: { startsWith: tag } } })).toBe(1);
  });

  it("detects prompts that are already in the database, ignoring whitespace differences", async () => {
    const tag = uniq("dup");
    await admin.post("/api/v1/prompts", [{ prompt: `${tag} same text` }]);
    const res = await admin.post<ImportReport>("/api/v1/prompts", [{ prompt: `  ${tag}   same\ntext ` }]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 0, duplicates: 1 });
    expect(res.body.results[0]).toMatchObject({ status: "duplicate", reason: "prompt already exists" });
    expect(await env.db.prompt.count({ where: { text: { startsWith: tag } } })).toBe(1);
  });

  it("answers 400 to a malformed JSON array and 413 to an oversized body, storing nothing", async () => {
    const before = await env.db.prompt.count();
    const malformed = await admin.post<{ error: { code: string } }>("/api/v1/prompts", '[{"prompt": "x"},', {
      "content-type": "application/json",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("INVALID_JSON");
    const huge = JSON.stringify([{ prompt: "x".repeat(9 * 1024 * 1024) }]);
    const tooLarge = await admin.post<{ error: { code: string } }>("/api/v1/prompts", huge, { "content-type": "application/json" });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await env.db.prompt.count()).toBe(before);
  });

  it("imports 10,000 prompts with completions in one request", async () => {
    const tag = uniq("bulk");
    const items = Array.from({ length: 10_000 }, (_, i) => ({ prompt: `${tag} prompt ${i}`, completions: five(`${tag}-${i}`) }));
    const res = await admin.post<ImportReport>("/api/v1/prompts", items);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 10_000, comparisons: 10_000, rejected: 0 });
    expect(await env.db.comparison.count({ where: { prompt: { text: { startsWith: tag } } } })).toBe(10_000);
    expect(await env.db.completion.count({ where: { prompt: { text: { startsWith: tag } } } })).toBe(50_000);
  });
});
