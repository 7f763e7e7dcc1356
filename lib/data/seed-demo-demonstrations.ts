// Demo demonstrations for a fresh install (the sft job's data), imported once: lines already stored are duplicates.
import type { Db } from "@/lib/db";
import { DEMO_DEMONSTRATIONS } from "./demo-demonstrations";
import { importDemonstrationItems } from "./import-demonstrations";

/** Imports the demo demonstrations into the demo project (beside its prompts); returns how many were new. */
export async function seedDemoDemonstrations({ db, projectId }: { db: Db; projectId: string }): Promise<number> {
  const raw = DEMO_DEMONSTRATIONS.map((item, i) => ({ line: i + 1, value: { ...item, projectId } }));
  const report = await importDemonstrationItems({ db, raw });
  return report.imported;
}
