// Demonstration import (admin): a JSON array or JSONL of {prompt, response, projectId?}, reference responses for
// supervised fine-tuning. Each prompt is found in its project (by normalised text, as the prompt import dedupes) or
// created there. Returns a per-line report like the prompt import; valid lines are stored in one transaction, bad and
// duplicate lines are reported and change nothing.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { sha256Hex } from "@/lib/util/hash";
import { newId } from "@/lib/util/id";
import { findJsonProblem } from "@/lib/util/json-problem";
import { NUL } from "@/lib/util/text";
import { MAX_COMPLETION_CHARS, MAX_PROMPT_CHARS, normalisePromptText, parseImportBody, splitByHash } from "./import-prompts";

export const DEFAULT_PROJECT_ID = "default";

export const ZDemonstrationItem = z.strictObject({
  prompt: z
    .string()
    .trim()
    .min(1, "prompt is empty")
    .max(MAX_PROMPT_CHARS, `prompt is longer than ${MAX_PROMPT_CHARS} characters`)
    .refine((t) => !t.includes(NUL), "prompt contains a NUL character (U+0000)"),
  response: z
    .string()
    .trim()
    .min(1, "response is empty")
    .max(MAX_COMPLETION_CHARS, `response is longer than ${MAX_COMPLETION_CHARS} characters`)
    .refine((t) => !t.includes(NUL), "response contains a NUL character (U+0000)"),
  /** Project of the prompt; default "default". */
  projectId: z.string().trim().min(1).max(64).optional(),
});
export type TDemonstrationItem = z.infer<typeof ZDemonstrationItem>;

export type DemonstrationLineResult =
  | { line: number; status: "imported"; demonstrationId: string; promptId: string; promptCreated: boolean }
  | { line: number; status: "duplicate"; reason: string }
  | { line: number; status: "rejected"; reason: string };

export interface DemonstrationImportReport {
  imported: number;
  duplicates: number;
  rejected: number;
  /** Prompts that did not exist in their project and were created. */
  promptsCreated: number;
  results: DemonstrationLineResult[];
}

export interface ImportDemonstrationsOptions {
  db: Db;
  actor: AuthUser;
  /** The raw body: a JSON array, or JSONL (one object per line). */
  body: string;
}

export interface ImportDemonstrationItemsOptions {
  db: Db;
  raw: { line: number; value: unknown; error?: string }[];
  /** The admin to record in the audit log with the counts; none for the demo seed. */
  auditAs?: AuthUser;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export async function importDemonstrations({ db, actor, body }: ImportDemonstrationsOptions): Promise<DemonstrationImportReport> {
  requireRole(actor, "ADMIN");
  return importDemonstrationItems({ db, raw: parseImportBody(body), auditAs: actor });
}

/** The import itself, for callers that have already checked who may import (the API, the demo seed). */
export async function importDemonstrationItems({ db, raw, auditAs }: ImportDemonstrationItemsOptions): Promise<DemonstrationImportReport> {
  const results: DemonstrationLineResult[] = [];
  const valid: { line: number; item: TDemonstrationItem; projectId: string; hash: string }[] = [];
  const seen = new Map<string, number>();

  for (const { line, value, error } of raw) {
    if (error) {
      results.push({ line, status: "rejected", reason: error });
      continue;
    }
    const problem = findJsonProblem(value);
    if (problem) {
      results.push({ line, status: "rejected", reason: problem.path ? `${problem.path}: ${problem.message}` : problem.message });
      continue;
    }
    const parsed = ZDemonstrationItem.safeParse(value);
    if (!parsed.success) {
      results.push({ line, status: "rejected", reason: describe(parsed.error) });
      continue;
    }
    const projectId = parsed.data.projectId ?? DEFAULT_PROJECT_ID;
    const hash = sha256Hex(normalisePromptText(parsed.data.prompt));
    const key = `${projectId}\u0000${hash}\u0000${parsed.data.response}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      results.push({ line, status: "duplicate", reason: `same prompt and response as line ${earlier}` });
      continue;
    }
    seen.set(key, line);
    valid.push({ line, item: parsed.data, projectId, hash });
  }

  // Projects must exist; prompts are looked up per project by their normalised hash.
  const projectIds = [...new Set(valid.map((v) => v.projectId))];
  const known = new Set((await db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true } })).map((p) => p.id));
  const promptIds = new Map<string, string>();
  for (const projectId of known) {
    const hashes = [...new Set(valid.filter((v) => v.projectId === projectId).map((v) => v.hash))];
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await db.prompt.findMany({ where: { projectId, textHash: { in: hashes.slice(i, i + 500) } }, select: { id: true, textHash: true } });
      for (const r of rows) promptIds.set(`${projectId}\u0000${r.textHash}`, r.id);
    }
  }
  const existingPromptIds = [...promptIds.values()];
  const existingDemos = new Set<string>();
  for (let i = 0; i < existingPromptIds.length; i += 500) {
    const rows = await db.demonstration.findMany({ where: { promptId: { in: existingPromptIds.slice(i, i + 500) } }, select: { promptId: true, response: true } });
    for (const r of rows) existingDemos.add(`${r.promptId}\u0000${r.response}`);
  }

  const now = new Date();
  const prompts: { id: string; projectId: string; text: string; textHash: string; source: string; split: string; createdAt: Date }[] = [];
  const demonstrations: { id: string; projectId: string; promptId: string; response: string; source: string; createdAt: Date }[] = [];
  for (const { line, item, projectId, hash } of valid) {
    if (!known.has(projectId)) {
      results.push({ line, status: "rejected", reason: `projectId: no project "${projectId}"` });
      continue;
    }
    const promptKey = `${projectId}\u0000${hash}`;
    let promptId = promptIds.get(promptKey);
    const promptCreated = promptId === undefined;
    if (promptId === undefined) {
      promptId = newId();
      promptIds.set(promptKey, promptId);
      prompts.push({ id: promptId, projectId, text: item.prompt, textHash: hash, source: "demonstration", split: splitByHash(hash), createdAt: now });
    } else if (existingDemos.has(`${promptId}\u0000${item.response}`)) {
      results.push({ line, status: "duplicate", reason: "this prompt already has this demonstration" });
      continue;
    }
    const id = newId();
    demonstrations.push({ id, projectId, promptId, response: item.response, source: "import", createdAt: now });
    results.push({ line, status: "imported", demonstrationId: id, promptId, promptCreated });
  }

  const counts = {
    imported: demonstrations.length,
    duplicates: results.filter((r) => r.status === "duplicate").length,
    rejected: results.filter((r) => r.status === "rejected").length,
    promptsCreated: prompts.length,
  };
  await db.$transaction(
    async (tx) => {
      if (auditAs) await recordAudit({ tx, actor: auditAs, action: "demonstrations.import", targetType: "prompts", details: counts });
      for (let i = 0; i < prompts.length; i += 500) await tx.prompt.createMany({ data: prompts.slice(i, i + 500) });
      for (let i = 0; i < demonstrations.length; i += 500) await tx.demonstration.createMany({ data: demonstrations.slice(i, i + 500) });
    },
    { timeout: 120_000 },
  );
  results.sort((a, b) => a.line - b.line);
  return { ...counts, results };
}
