// The reward scorer behind POST /api/v1/models/:id/score, run as a short-lived process by the web app
// (lib/models/score-completions.ts) so that TensorFlow.js never runs on the web server's event loop. Reads
// `{modelVersionId, items: [{prompt, completions}]}` (already validated and bounded) on stdin, loads the reward model
// version from the checkpoint store, and prints one JSON line: `{ok: true, normalisation, scores}` or
// `{ok: false, message}`. Completions are scored as finished answers (EOS appended), as reward training sees them.
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { openDb } from "@/lib/db";
import { selectBackend } from "@/lib/ml/backend";
import { rewardModelScorer } from "@/lib/ml/rl";
import { openCheckpointStore } from "@/lib/models/open-checkpoint-store";
import { PermanentJobError } from "./job-context";
import { loadRewardModel } from "./ml/load-models";
import { encodeCompletion, encodePrompt } from "./ml/text";

const ZInput = z.strictObject({
  modelVersionId: z.string().min(1),
  items: z.array(z.strictObject({ prompt: z.string(), completions: z.array(z.string()) })),
});

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString();
  return text;
}

async function main(): Promise<void> {
  const input = ZInput.parse(JSON.parse(await readStdin()));
  const config = getConfig();
  // wasm unless PODIUM_TF_BACKEND names another: no probing of native or GPU backends for a few forward passes.
  await selectBackend({ ...(process.env.PODIUM_TF_BACKEND ? {} : { force: "wasm" as const }) });
  const db = await openDb({ url: config.DATABASE_URL, poolSize: 1 });
  try {
    const version = await db.modelVersion.findUnique({ where: { id: input.modelVersionId }, select: { kind: true, artifactKey: true } });
    if (!version || version.kind !== "REWARD") throw new PermanentJobError(`No reward model version ${input.modelVersionId}`);
    const store = openCheckpointStore({ db, ...(config.PODIUM_ARTIFACT_DIR ? { dir: config.PODIUM_ARTIFACT_DIR } : {}) });
    const rm = await loadRewardModel({ store, key: version.artifactKey });
    try {
      const { tokenizer } = rm;
      const score = rewardModelScorer({ rewardModel: rm.model, padId: tokenizer.padId });
      const scores: number[][] = [];
      for (const item of input.items) {
        const prompt = encodePrompt(tokenizer, item.prompt);
        const responses = item.completions.map((c) => encodeCompletion(tokenizer, c));
        scores.push(await score({ prompts: responses.map(() => prompt), responses, endedWithEos: responses.map(() => true) }));
      }
      process.stdout.write(`${JSON.stringify({ ok: true, normalisation: rm.normalisation, scores })}\n`);
    } finally {
      rm.model.dispose();
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  if (err instanceof PermanentJobError) {
    process.stdout.write(`${JSON.stringify({ ok: false, message: err.message })}\n`);
    return;
  }
  console.error(`[score] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
