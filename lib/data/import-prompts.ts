// Prompt import (admin): a JSON array or JSONL, each item a prompt optionally with its K completions from an
// external generator; K completions form a Comparison to rank. Returns a per-line report; valid lines are
// stored in one transaction, invalid and duplicate lines are reported and change nothing.
// Into one project (default "default"): duplicates are detected within it, and its requiredRankings apply unless the
// request or the item names another. An item may carry a split (else stable by hash), tags, and a goldRanking
// (completion indices, best first) that makes its comparison a gold item; a goldRanking that is not a permutation
// of the item's completions refuses the whole request (400), so a gold set is never half imported.
import { z } from "zod";
import { insertRows, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { sha256Hex } from "@/lib/util/hash";
import { newId } from "@/lib/util/id";
import { findJsonProblem } from "@/lib/util/json-problem";
import { NUL } from "@/lib/util/text";

/** Completions shown together in one Comparison. */
export const COMPLETIONS_PER_COMPARISON = 5;
export const MAX_PROMPT_CHARS = 20_000;
export const MAX_COMPLETION_CHARS = 20_000;

export const ZImportItem = z.strictObject({
  prompt: z
    .string()
    .trim()
    .min(1, "prompt is empty")
    .max(MAX_PROMPT_CHARS, `prompt is longer than ${MAX_PROMPT_CHARS} characters`)
    .refine((t) => !t.includes(NUL), "prompt contains a NUL character (U+0000)"),
  completions: z
    .array(
      z
        .string()
        .trim()
        .min(1, "a completion is empty")
        .max(MAX_COMPLETION_CHARS)
        .refine((t) => !t.includes(NUL), "a completion contains a NUL character (U+0000)"),
    )
    .length(COMPLETIONS_PER_COMPARISON, `needs exactly ${COMPLETIONS_PER_COMPARISON} completions`)
    .refine((c) => new Set(c).size === c.length, "completions must be distinct")
    .optional(),
  requiredRankings: z.number().int().min(1).max(50).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  metadata: z.record(z.string(), z.json()).optional(),
  /** "train" or "eval"; by default by hash of the text (about one prompt in ten is "eval"). */
  split: z.enum(["train", "eval"]).optional(),
  tags: z.array(z.string().trim().min(1, "a tag is empty").max(100).refine((t) => !t.includes(NUL), "a tag contains a NUL character")).max(50).optional(),
  /** Indices into completions, best first: the reference order of a gold item. Checked by checkGoldRanking. */
  goldRanking: z.array(z.number().int()).optional(),
});
export type TImportItem = z.infer<typeof ZImportItem>;

export const ZImportOptions = z.strictObject({
  requiredRankings: z.coerce.number().int().min(1).max(50).optional(),
  projectId: z.string().trim().min(1).max(100).optional(),
});

/** The first two hex digits of the text hash below "1a" (about 10%): "eval", else "train" — stable across imports. */
export function splitByHash(textHash: string): "train" | "eval" {
  return textHash.slice(0, 2) < "1a" ? "eval" : "train";
}

/** Why a goldRanking is not a permutation of the item's completion indices, or null when it is one. */
export function goldRankingProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !("goldRanking" in value)) return null;
  const { goldRanking } = value;
  const completions = "completions" in value && Array.isArray(value.completions) ? value.completions.length : 0;
  if (completions === 0) return "goldRanking needs the item's completions";
  if (!Array.isArray(goldRanking) || !goldRanking.every((i) => Number.isInteger(i))) return "goldRanking must be an array of completion indices";
  const sorted = [...(goldRanking as number[])].sort((a, b) => a - b);
  if (sorted.length !== completions || sorted.some((v, i) => v !== i)) {
    return `goldRanking must list each completion index 0..${completions - 1} exactly once, best first`;
  }
  return null;
}

export type ImportLineResult =
  | { line: number; status: "imported"; promptId: string; comparisonId: string | null }
  | { line: number; status: "duplicate"; promptId: string | null; reason: string }
  | { line: number; status: "rejected"; reason: string };

export interface ImportReport {
  imported: number;
  duplicates: number;
  rejected: number;
  comparisons: number;
  /** Of the comparisons, how many are gold items. */
  gold: number;
  projectId: string;
  results: ImportLineResult[];
}

export interface ImportPromptsOptions {
  db: Db;
  actor: AuthUser;
  /** The raw body: a JSON array, or JSONL (one object per line). */
  body: string;
  requiredRankings?: number;
  projectId?: string;
}

export function normalisePromptText(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** Splits the body into numbered raw items; a JSON array that does not parse is a 400 for the whole request. */
export function parseImportBody(body: string): { line: number; value: unknown; error?: string }[] {
  const trimmed = body.trim();
  if (trimmed === "") throw new AppError("BAD_REQUEST", "Nothing to import: the body is empty");
  if (trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new AppError("INVALID_JSON", `Body is not a valid JSON array: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new AppError("INVALID_JSON", "Body must be a JSON array or JSONL");
    return parsed.map((value, i) => ({ line: i + 1, value }));
  }
  const items: { line: number; value: unknown; error?: string }[] = [];
  body.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() === "") return;
    try {
      items.push({ line: i + 1, value: JSON.parse(text) });
    } catch (err) {
      items.push({ line: i + 1, value: null, error: `not valid JSON: ${(err as Error).message}` });
    }
  });
  return items;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export async function importPrompts({ db, actor, body, requiredRankings, projectId }: ImportPromptsOptions): Promise<ImportReport> {
  requireRole(actor, "ADMIN");
  return importPromptItems({ db, raw: parseImportBody(body), requiredRankings, projectId, auditAs: actor });
}

export interface ImportPromptItemsOptions {
  db: Db;
  raw: { line: number; value: unknown; error?: string }[];
  /** Default: the project's requiredRankings. */
  requiredRankings?: number;
  /** Default: "default". */
  projectId?: string;
  /** The admin to record in the audit log with the counts (in the import's transaction); none for the demo seed. */
  auditAs?: AuthUser;
}

/** The import itself, for callers that have already checked who may import (the API, the demo seed). */
export async function importPromptItems({ db, raw, requiredRankings, projectId = "default", auditAs }: ImportPromptItemsOptions): Promise<ImportReport> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, requiredRankings: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const goldProblems = raw.flatMap(({ line, value }) => {
    const problem = goldRankingProblem(value);
    return problem ? [{ line, message: problem }] : [];
  });
  if (goldProblems.length) {
    const first = goldProblems[0] as { line: number; message: string };
    throw new AppError("VALIDATION_FAILED", `Line ${first.line}: ${first.message} (nothing was imported)`, { details: goldProblems });
  }
  const rankingsNeeded = requiredRankings ?? project.requiredRankings;
  const results: ImportLineResult[] = [];
  const valid: { line: number; item: TImportItem; hash: string }[] = [];
  const seen = new Map<string, number>();

  for (const { line, value, error } of raw) {
    if (error) {
      results.push({ line, status: "rejected", reason: error });
      continue;
    }
    // Deep nesting and unstorable text (NUL, unpaired surrogates) anywhere in the item, metadata included.
    const problem = findJsonProblem(value);
    if (problem) {
      results.push({ line, status: "rejected", reason: problem.path ? `${problem.path}: ${problem.message}` : problem.message });
      continue;
    }
    const parsed = ZImportItem.safeParse(typeof value === "string" ? { prompt: value } : value);
    if (!parsed.success) {
      results.push({ line, status: "rejected", reason: describe(parsed.error) });
      continue;
    }
    const hash = sha256Hex(normalisePromptText(parsed.data.prompt));
    const earlier = seen.get(hash);
    if (earlier !== undefined) {
      results.push({ line, status: "duplicate", promptId: null, reason: `same prompt as line ${earlier}` });
      continue;
    }
    seen.set(hash, line);
    valid.push({ line, item: parsed.data, hash });
  }

  const existing = new Map<string, string>();
  const hashes = valid.map((v) => v.hash);
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await db.prompt.findMany({
      where: { projectId, textHash: { in: hashes.slice(i, i + 500) } },
      select: { id: true, textHash: true },
    });
    for (const r of rows) existing.set(r.textHash, r.id);
  }

  const now = new Date();
  const prompts: { id: string; projectId: string; text: string; textHash: string; source: string; metadata: string | null; split: string; createdAt: Date }[] = [];
  const tags: { promptId: string; tag: string }[] = [];
  const completions: { id: string; promptId: string; text: string; source: string; createdAt: Date }[] = [];
  const comparisons: {
    id: string;
    projectId: string;
    promptId: string;
    requiredRankings: number;
    rankingCount: number;
    slotsTaken: number;
    open: boolean;
    gold: boolean;
    goldRanking: string | null;
    createdAt: Date;
  }[] = [];
  const items: { comparisonId: string; completionId: string; position: number }[] = [];

  for (const { line, item, hash } of valid) {
    const existingId = existing.get(hash);
    if (existingId) {
      results.push({ line, status: "duplicate", promptId: existingId, reason: "prompt already exists" });
      continue;
    }
    const promptId = newId();
    const source = item.source ?? "import";
    const metadata = item.metadata ? JSON.stringify(item.metadata) : null;
    prompts.push({ id: promptId, projectId, text: item.prompt, textHash: hash, source, metadata, split: item.split ?? splitByHash(hash), createdAt: now });
    for (const tag of new Set(item.tags ?? [])) tags.push({ promptId, tag });
    let comparisonId: string | null = null;
    if (item.completions) {
      const id = newId();
      comparisonId = id;
      const completionIds = item.completions.map(() => newId());
      // A gold comparison is never open: it is served only at the project's gold rate (lib/tasks/claim-next-task).
      const gold = item.goldRanking !== undefined;
      const goldRanking = item.goldRanking ? JSON.stringify(item.goldRanking.map((i) => completionIds[i])) : null;
      comparisons.push({
        id,
        projectId,
        promptId,
        requiredRankings: item.requiredRankings ?? rankingsNeeded,
        rankingCount: 0,
        slotsTaken: 0,
        open: !gold,
        gold,
        goldRanking,
        createdAt: now,
      });
      item.completions.forEach((text, position) => {
        const completionId = completionIds[position] as string;
        completions.push({ id: completionId, promptId, text, source, createdAt: now });
        items.push({ comparisonId: id, completionId, position });
      });
    }
    results.push({ line, status: "imported", promptId, comparisonId });
  }

  const duplicates = results.filter((r) => r.status === "duplicate").length;
  const rejected = results.filter((r) => r.status === "rejected").length;
  const gold = comparisons.filter((c) => c.gold).length;
  const counts = { imported: prompts.length, duplicates, rejected, comparisons: comparisons.length, gold, projectId };
  const audit = (tx: Pick<Db, "auditLog">) =>
    auditAs ? recordAudit({ tx, actor: auditAs, action: "prompts.import", targetType: "prompts", details: counts }) : undefined;
  if (prompts.length === 0) await audit(db);
  if (prompts.length > 0) {
    await db.$transaction(
      async (tx) => {
        await audit(tx);
        const cols = <R extends object>(rows: R[]) => Object.keys(rows[0] ?? {}) as (keyof R & string)[];
        await insertRows({ tx, db, table: "Prompt", columns: cols(prompts), rows: prompts, jsonColumns: ["metadata"] });
        if (completions.length) await insertRows({ tx, db, table: "Completion", columns: cols(completions), rows: completions });
        if (tags.length) await insertRows({ tx, db, table: "PromptTag", columns: cols(tags), rows: tags });
        if (comparisons.length) await insertRows({ tx, db, table: "Comparison", columns: cols(comparisons), rows: comparisons, jsonColumns: ["goldRanking"] });
        if (items.length) await insertRows({ tx, db, table: "ComparisonItem", columns: cols(items), rows: items });
      },
      { timeout: 120_000 },
    );
  }

  results.sort((a, b) => a.line - b.line);
  return {
    ...counts,
    results,
  };
}
