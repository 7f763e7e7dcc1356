// What a ranking may carry beside its order — ties (`ranks`), "none acceptable" and scores 1–7 — checked against the
// completions shown and the project's switches (allowTies, allowNoneAcceptable, collectScores). Each problem names its
// field, so a refused submit says exactly what is wrong; nothing is stored when there is one.

export interface JudgmentSwitches {
  allowTies: boolean;
  allowNoneAcceptable: boolean;
  collectScores: boolean;
}

export interface JudgmentInput {
  /** Completion ids, best first (already checked to be a permutation of `shown`). */
  order: readonly string[];
  shown: readonly string[];
  /** The rank of each entry of `order`: 1 + the number of completions strictly better; tied entries share it. */
  ranks?: readonly number[];
  noneAcceptable?: boolean;
  /** Scores 1–7 keyed by completion id (any subset of the completions shown). */
  scores?: Readonly<Record<string, number>>;
  switches: JudgmentSwitches;
}

export interface JudgmentProblem {
  path: "ranks" | "noneAcceptable" | "scores";
  message: string;
  /** True when the field is refused only because the project's switch is off (the page can send the order alone). */
  switchedOff?: true;
}

/** What is stored: ranks only when something ties (a strict order is stored as null), scores only when some are given. */
export interface Judgment {
  ranks: number[] | null;
  noneAcceptable: boolean;
  scores: Record<string, number> | null;
}

export type CheckJudgmentResult = { ok: true; judgment: Judgment } | { ok: false; problems: JudgmentProblem[] };

export function checkJudgment({ order, shown, ranks, noneAcceptable, scores, switches }: JudgmentInput): CheckJudgmentResult {
  const problems: JudgmentProblem[] = [];
  if (ranks !== undefined) {
    if (!switches.allowTies) problems.push({ path: "ranks", message: "this project does not allow ties", switchedOff: true });
    else problems.push(...rankProblems(order, ranks));
  }
  if (noneAcceptable === true && !switches.allowNoneAcceptable) {
    problems.push({ path: "noneAcceptable", message: "this project does not allow marking no completion acceptable", switchedOff: true });
  }
  if (scores !== undefined) {
    if (!switches.collectScores) problems.push({ path: "scores", message: "this project does not collect scores", switchedOff: true });
    else {
      const shownSet = new Set(shown);
      const unknown = Object.keys(scores).filter((id) => !shownSet.has(id));
      if (unknown.length) problems.push({ path: "scores", message: `scores for completions not shown: ${unknown.join(", ")}` });
      const bad = Object.entries(scores).filter(([, s]) => !Number.isInteger(s) || s < 1 || s > 7);
      if (bad.length) problems.push({ path: "scores", message: `scores must be whole numbers from 1 to 7: ${bad.map(([id]) => id).join(", ")}` });
    }
  }
  if (problems.length) return { ok: false, problems };
  const tied = ranks !== undefined && ranks.some((r, i) => r !== i + 1);
  const scored = scores !== undefined && Object.keys(scores).length > 0;
  return {
    ok: true,
    judgment: {
      ranks: tied ? [...ranks] : null,
      noneAcceptable: noneAcceptable === true,
      scores: scored ? Object.fromEntries(order.filter((id) => scores[id] !== undefined).map((id) => [id, scores[id] as number])) : null,
    },
  };
}

/** Ranks must give every entry of the order a rank, start at 1 and follow the order: equal to the entry above (a tie) or its own position. */
function rankProblems(order: readonly string[], ranks: readonly number[]): JudgmentProblem[] {
  if (ranks.length !== order.length) {
    return [{ path: "ranks", message: `needs one rank per completion of the ranking (${order.length}), got ${ranks.length}` }];
  }
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i] as number;
    const ok = i === 0 ? rank === 1 : rank === ranks[i - 1] || rank === i + 1;
    if (!ok) {
      const expected = i === 0 ? "1" : `${ranks[i - 1] as number} (tied with the entry above) or ${i + 1}`;
      return [{ path: "ranks", message: `rank at position ${i + 1} is ${rank}; expected ${expected} (ranks count from 1, tied entries are adjacent and share the rank of the first)` }];
    }
  }
  return [];
}
