// Checks a parsed JSON value before any schema sees it: nesting deeper than a sane limit (a recursive validator
// would overflow the stack on it) and strings, keys included, that cannot be stored alike on both databases.
import { textProblem } from "./text";

/** Deeper JSON than this is refused: no Podium input (job configs, prompt metadata) comes close. */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  /** Where, as dotted keys and indexes ("config.layers.3"); "" for the value itself. */
  path: string;
  message: string;
}

interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
  depth: number;
}

/** The first problem found, or null. Iterative, so a value of any depth is safe to walk. */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  const stack: Node[] = [{ value, key: null, parent: null, depth: 0 }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const v = node.value;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: pathOf(node), message: `text ${problem}` };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (node.depth >= maxDepth) return { path: pathOf(node), message: `JSON nested deeper than ${maxDepth} levels` };
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [key, child] of entries) {
      if (typeof key === "string") {
        const problem = textProblem(key);
        if (problem) return { path: pathOf(node), message: `a key ${problem}` };
      }
      stack.push({ value: child, key, parent: node, depth: node.depth + 1 });
    }
  }
  return null;
}

function pathOf(node: Node): string {
  const keys: (string | number)[] = [];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) keys.unshift(n.key);
  return keys.join(".");
}
