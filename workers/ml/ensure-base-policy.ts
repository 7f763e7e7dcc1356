// Registers the shipped base checkpoint (lib/ml/assets/base/base.ckpt, built by lib/ml/pretrain/run.ts) as the
// first policy version when the database has none, copying it into the artifact store so every worker can load it.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db";
import { FsCheckpointStore, type CheckpointStore } from "@/lib/ml/checkpoint";

export const BASE_POLICY_ID = "base";
export const BASE_POLICY_KEY = "models/base";
export const SHIPPED_BASE_DIR = path.join(process.cwd(), "lib", "ml", "assets", "base");

export interface EnsureBasePolicyOptions {
  db: Db;
  store: CheckpointStore;
  /** Directory holding base.ckpt; default the shipped one. */
  dir?: string;
  log: (line: string) => void;
}

/** The id of the base policy version, or null when there is neither a policy version nor a shipped checkpoint. */
export async function ensureBasePolicy({ db, store, dir = SHIPPED_BASE_DIR, log }: EnsureBasePolicyOptions): Promise<string | null> {
  const any = await db.modelVersion.findFirst({ where: { kind: "POLICY" }, select: { id: true } });
  if (any) return any.id;
  if (!fs.existsSync(path.join(dir, "base.ckpt"))) {
    log(`no policy version and no shipped base checkpoint in ${dir}`);
    return null;
  }
  const checkpoint = await new FsCheckpointStore({ dir }).load("base");
  if (!checkpoint) return null;
  await store.save(BASE_POLICY_KEY, checkpoint);
  try {
    await db.modelVersion.create({
      data: {
        id: BASE_POLICY_ID,
        kind: "POLICY",
        name: "base",
        config: { model: checkpoint.config.model ?? null, source: "lib/ml/assets/base/base.ckpt" },
        metrics: { step: checkpoint.step, bestValLoss: checkpoint.bestMetric },
        artifactKey: BASE_POLICY_KEY,
        active: !(await db.modelVersion.findFirst({ where: { kind: "POLICY", active: true }, select: { id: true } })),
      },
    });
    log("registered the shipped base checkpoint as policy version \"base\"");
  } catch {
    // Another worker registered it first.
  }
  return BASE_POLICY_ID;
}
