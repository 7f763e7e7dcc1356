// The demo data of a fresh install (`npm start` → setup) on both databases: the Demo project with the demo prompts,
// a few gold items with their reference orders, and a handful of rankings by the demo labeler, gold answers among
// them; a second set-up adds nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { DEMO_PROMPTS } from "@/lib/data/demo-prompts";
import { setup } from "@/server/setup";
import { createTestDatabase } from "../support/servers";
import { describeEachDatabase } from "./harness";

describeEachDatabase("the demo data of a fresh install", (env) => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(env.kind);
    db = await openDb({ url: database.url });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("puts the demo prompts, gold items and a few rankings into the Demo project, once", async () => {
    const first = await setup({ db, adminPassword: "0123456789-admin" });
    expect(first.demoComparisons).toBe(DEMO_PROMPTS.length);
    const project = await db.project.findUniqueOrThrow({ where: { name: "Demo" }, select: { id: true, guidelinesVersion: true } });
    expect(await db.prompt.count({ where: { projectId: project.id, source: "demo" } })).toBe(DEMO_PROMPTS.length);
    // The demo demonstrations (sft data) sit in the same project, some on prompts of their own.
    expect(await db.demonstration.count({ where: { projectId: project.id } })).toBeGreaterThan(0);
    expect(await db.prompt.count({ where: { projectId: "default" } })).toBe(0);
    const gold = await db.comparison.findMany({ where: { projectId: project.id, gold: true }, select: { open: true, goldRanking: true } });
    expect(gold.length).toBeGreaterThanOrEqual(3);
    expect(gold.every((g) => !g.open && Array.isArray(g.goldRanking) && g.goldRanking.length === 5)).toBe(true);

    const labeler = await db.user.findUniqueOrThrow({ where: { email: "labeler@podium.local" }, select: { id: true } });
    const rankings = await db.ranking.findMany({ where: { projectId: project.id, userId: labeler.id }, select: { goldAgreement: true, guidelinesVersion: true } });
    expect(rankings.length).toBeGreaterThan(2);
    const answers = rankings.filter((r) => r.goldAgreement !== null);
    expect(answers.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((r) => (r.goldAgreement ?? 0) > 0.6)).toBe(true);
    expect(rankings.every((r) => r.guidelinesVersion === project.guidelinesVersion)).toBe(true);
    expect(await db.guidelinesVersion.count({ where: { projectId: project.id } })).toBe(1);

    const second = await setup({ db });
    expect(second.demoComparisons).toBe(0);
    expect(await db.ranking.count({ where: { projectId: project.id } })).toBe(rankings.length);
  });
});
