// Run by evaluations.spec.ts in its own process (`node --import tsx`, Prisma's client does not load in Playwright's
// transform): two policy versions and a succeeded evaluate job whose stored result compares them, as the worker
// writes it (ZEvaluationResult), so the models page shows an evaluation without training anything.
import { openDb } from "@/lib/db";
import { ZEvaluationResult } from "@/lib/jobs";
import { newId } from "@/lib/util/id";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const tag = process.argv[2] ?? "e2e";
  const db = await openDb({ url });
  const version = async (name: string, parentId?: string) =>
    (await db.modelVersion.create({ data: { kind: "POLICY", name, parentId, config: {}, metrics: {}, artifactKey: `models/${newId()}` } })).id;
  const baseId = await version(`${tag} base`);
  const tunedId = await version(`${tag} tuned`, baseId);
  const figures = (winRate: number, kl: number) => ({
    rewardMean: 0.41,
    rewardStd: 0.2,
    rewardNormalisedMean: 0.1,
    winRate,
    klToReference: kl,
    eosRate: 0.25,
    meanLength: 31.5,
    distinct1: 0.6,
    distinct2: 0.9,
    newlineRate: 0.02,
    repetitionRate: 0.01,
  });
  const result = ZEvaluationResult.parse({
    kind: "evaluation",
    rewardModelId: "reward-x",
    rewardModelName: `${tag} reward`,
    referenceId: baseId,
    prompts: 32,
    samplesPerPrompt: 2,
    temperature: 1,
    maxTokens: 64,
    versions: [
      { id: baseId, name: `${tag} base`, ...figures(0.5, 0) },
      { id: tunedId, name: `${tag} tuned`, ...figures(0.72, 1.8) },
    ],
    samples: [
      {
        promptId: newId(),
        prompt: `${tag} what should the government do?`,
        completions: [
          { text: "the public lands of the United States", score: 0.2, finishReason: "length" },
          { text: "Sell the lands at a fair price.", score: 0.9, finishReason: "eos" },
        ],
      },
    ],
  });
  const now = new Date();
  const job = await db.job.create({
    data: { id: newId(), type: "evaluate", status: "SUCCEEDED", config: { policyIds: [baseId, tunedId] }, result, startedAt: now, finishedAt: now },
  });
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify({ jobId: job.id, baseId, tunedId })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
