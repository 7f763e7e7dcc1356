// Demo data for a fresh install: the project's own prompts with five completions each, imported once.
import type { Db } from "@/lib/db";
import { DEMO_PROMPTS } from "./demo-prompts";
import { importPromptItems } from "./import-prompts";
import { seedDemoDemonstrations } from "./seed-demo-demonstrations";

/** Imports the demo prompts unless they are there already; returns the number of new comparisons. */
export async function seedDemoData({ db }: { db: Db }): Promise<number> {
  const raw = DEMO_PROMPTS.map((item, i) => ({ line: i + 1, value: { ...item, source: "demo" } }));
  const report = await importPromptItems({ db, raw });
  await seedDemoDemonstrations({ db });
  return report.comparisons;
}
