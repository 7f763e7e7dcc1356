// Fixtures of the job-level learning tests: prompts with five completions each (imported through lib/data), and
// rankings that follow a hidden rule a tiny model can learn — the more times the word "good" a completion contains,
// the higher it is ranked — or, as a control, the same comparisons ranked in a random order.
import type { Db } from "@/lib/db";
import { importPromptItems } from "@/lib/data";
import { Rng } from "@/lib/ml/sampling/rng";
import { newId } from "@/lib/util/id";
import { createTestUser, uniq } from "../support/factories";

/** The word the hidden rule counts. */
export const RULE_WORD = "good";
const FILLER = ["the", "cat", "sat", "on", "mat", "dog", "ran", "to", "park", "and", "back", "kind", "short"];
const WORDS_PER_COMPLETION = 6;

/** How many times the rule word occurs in `text` (the rule's score; higher is ranked better). */
export function ruleScore(text: string): number {
  return text.split(/\s+/).filter((w) => w === RULE_WORD).length;
}

/**
 * `count` prompts, each with five completions of six words whose counts of the rule word are distinct, ranked by
 * `labelers` users each — by the hidden rule (most "good" first), or in a random order when `labels` is "random".
 */
export async function createRuleRankings(
  db: Db,
  options: { count: number; labelers?: number; seed: number; labels?: "rule" | "random" },
): Promise<{ rankings: number; promptIds: string[] }> {
  const rng = new Rng(options.seed);
  const tag = uniq("rule");
  const raw = Array.from({ length: options.count }, (_, i) => {
    const counts = rng.shuffle([0, 1, 2, 3, 4, 5, 6]).slice(0, 5);
    const completions = counts.map((n) =>
      rng
        .shuffle([
          ...Array.from({ length: n }, () => RULE_WORD),
          ...Array.from({ length: WORDS_PER_COMPLETION - n }, () => FILLER[rng.int(FILLER.length)] as string),
        ])
        .join(" "),
    );
    return { line: i + 1, value: { prompt: `${tag} question ${i}: what is the dog like?`, completions } };
  });
  const report = await importPromptItems({ db, raw, requiredRankings: options.labelers ?? 1 });
  const ids = report.results.flatMap((r) => (r.status === "imported" && r.comparisonId ? [r.comparisonId] : []));
  if (ids.length !== options.count) throw new Error(`imported ${ids.length} of ${options.count} comparisons`);
  const comparisons = await db.comparison.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      promptId: true,
      items: { select: { position: true, completion: { select: { id: true, text: true } } } },
    },
  });
  const users = await Promise.all(Array.from({ length: options.labelers ?? 1 }, () => createTestUser(db)));
  const data = comparisons.flatMap((c) => {
    const shown = [...c.items].sort((a, b) => a.position - b.position).map((i) => i.completion.id);
    return users.map((u) => {
      const byRule = [...c.items]
        .sort((a, b) => ruleScore(b.completion.text) - ruleScore(a.completion.text))
        .map((i) => i.completion.id);
      const order = options.labels === "random" ? rng.shuffle(byRule) : byRule;
      return { id: newId(), comparisonId: c.id, userId: u.id, order, shownOrder: shown };
    });
  });
  await db.ranking.createMany({ data });
  return { rankings: data.length, promptIds: comparisons.map((c) => c.promptId) };
}
