// Test data factories with random ids and emails, so tests run in parallel and in any order.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { SYSTEM_ACTOR } from "@/lib/auth";
import { createUser } from "@/lib/users";
import { importPromptItems } from "@/lib/data";

export function uniq(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: "LABELER" | "ADMIN";
}

export async function createTestUser(db: Db, options: { role?: "LABELER" | "ADMIN" } = {}): Promise<TestUser> {
  const role = options.role ?? "LABELER";
  const email = `${uniq(role.toLowerCase())}@test.podium`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const user = await createUser({ db, actor: SYSTEM_ACTOR, email, name: email.split("@")[0] ?? "user", password, role });
  return { id: user.id, email, password, role };
}

export interface TestComparison {
  id: string;
  promptId: string;
  completionIds: string[];
}

/** Creates `count` prompts, each with 5 completions forming one comparison. */
export async function createTestComparisons(
  db: Db,
  options: { count?: number; requiredRankings?: number } = {},
): Promise<TestComparison[]> {
  const count = options.count ?? 1;
  const tag = uniq("p");
  const raw = Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    value: {
      prompt: `${tag} prompt ${i}`,
      completions: Array.from({ length: 5 }, (_, k) => `${tag} completion ${i}.${k}`),
      ...(options.requiredRankings ? { requiredRankings: options.requiredRankings } : {}),
    },
  }));
  const report = await importPromptItems({ db, raw });
  const ids = report.results.flatMap((r) => (r.status === "imported" && r.comparisonId ? [r.comparisonId] : []));
  const rows = await db.comparison.findMany({
    where: { id: { in: ids } },
    select: { id: true, promptId: true, items: { select: { completionId: true, position: true }, orderBy: { position: "asc" } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`comparison ${id} missing`);
    return { id, promptId: row.promptId, completionIds: row.items.map((i) => i.completionId) };
  });
}
