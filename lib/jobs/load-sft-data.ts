// Worker: the (prompt, response) texts of an SFT job. Demonstrations as imported; "consensus-best": the consensus
// rank-1 completion (ranked pairs, lib/quality/consensus.ts) of every comparison with at least `minRankings` rankings
// that are not "none acceptable", gold and excluded comparisons left out. Read in keyset pages, never all at once.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { consensusOrder } from "@/lib/quality";
import { promptSelectorWhere, type TPromptSelector } from "./prompt-selector";

export interface SftDatum {
  promptId: string;
  prompt: string;
  /** The prompt's split: "eval" prompts are held out by the SFT job. */
  split: string;
  response: string;
  source: "demonstration" | "consensus-best";
}

export interface LoadSftDataOptions {
  db: Db;
  source: "demonstrations" | "consensus-best" | "both";
  /** Only these projects; empty: every project. */
  projectIds: readonly string[];
  minRankings: number;
  /** Only data of the prompts this selector picks; omitted: every prompt. */
  prompts?: TPromptSelector;
  pageSize?: number;
}

const ZIds = z.array(z.string());

async function demonstrations(options: LoadSftDataOptions, out: SftDatum[]): Promise<void> {
  const { db, projectIds, pageSize = 500 } = options;
  let cursor = "";
  for (;;) {
    const page = await db.demonstration.findMany({
      where: {
        id: { gt: cursor },
        ...(projectIds.length ? { projectId: { in: [...projectIds] } } : {}),
        ...(options.prompts ? { prompt: promptSelectorWhere(options.prompts) } : {}),
      },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, response: true, prompt: { select: { id: true, text: true, split: true } } },
    });
    for (const d of page) out.push({ promptId: d.prompt.id, prompt: d.prompt.text, split: d.prompt.split, response: d.response, source: "demonstration" });
    if (page.length < pageSize) return;
    cursor = page.at(-1)?.id ?? cursor;
  }
}

async function consensusBest(options: LoadSftDataOptions, out: SftDatum[]): Promise<void> {
  const { db, projectIds, minRankings, pageSize = 200 } = options;
  let cursor = "";
  for (;;) {
    const page = await db.comparison.findMany({
      where: {
        id: { gt: cursor },
        gold: false,
        excludedAt: null,
        // Counted below from the rows themselves (rankings marked "none acceptable" do not count).
        rankings: { some: { noneAcceptable: false } },
        ...(projectIds.length ? { projectId: { in: [...projectIds] } } : {}),
        ...(options.prompts ? { prompt: promptSelectorWhere(options.prompts) } : {}),
      },
      orderBy: { id: "asc" },
      take: pageSize,
      select: {
        id: true,
        prompt: { select: { id: true, text: true, split: true } },
        items: { select: { completion: { select: { id: true, text: true } } } },
        rankings: { where: { noneAcceptable: false }, select: { order: true } },
      },
    });
    for (const c of page) {
      if (c.rankings.length < minRankings) continue;
      const texts = new Map(c.items.map((i) => [i.completion.id, i.completion.text]));
      const rankings = c.rankings.map((r) => ZIds.safeParse(r.order)).flatMap((r) => (r.success ? [r.data.filter((id) => texts.has(id))] : []));
      const best = consensusOrder({ rankings }).order[0];
      const response = best === undefined ? undefined : texts.get(best);
      if (response === undefined) continue;
      out.push({ promptId: c.prompt.id, prompt: c.prompt.text, split: c.prompt.split, response, source: "consensus-best" });
    }
    if (page.length < pageSize) return;
    cursor = page.at(-1)?.id ?? cursor;
  }
}

/** The job's examples as texts; a (prompt, response) that both sources give appears once. */
export async function loadSftData(options: LoadSftDataOptions): Promise<SftDatum[]> {
  const out: SftDatum[] = [];
  if (options.source !== "consensus-best") await demonstrations(options, out);
  if (options.source !== "demonstrations") await consensusBest(options, out);
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.promptId}\u0000${d.response}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
