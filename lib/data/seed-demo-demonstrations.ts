// Demo demonstrations for a fresh install (the sft job's data), imported once: lines already stored are duplicates.
import type { Db } from "@/lib/db";
import { DEMO_DEMONSTRATIONS } from "./demo-demonstrations";
import { importDemonstrationItems } from "./import-demonstrations";

/** Imports the demo demonstrations into the default project; returns how many were new. */
export async function seedDemoDemonstrations({ db }: { db: Db }): Promise<number> {
  const raw = DEMO_DEMONSTRATIONS.map((item, i) => ({ line: i + 1, value: item }));
  const report = await importDemonstrationItems({ db, raw });
  return report.imported;
}
