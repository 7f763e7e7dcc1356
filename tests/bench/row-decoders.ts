// The cost of typed SQL steps on the hot path, in-process and side by side: decoding a stored ranking row (7 columns,
// as SQLite returns it) with `columns({...})` vs a zod object schema vs an unchecked cast; and driving a unit of 8
// statements through `runSteps`'s tracking of created steps vs the same generators driven bare (a stub executor
// answers each statement, so only the JavaScript around the statements is measured).
// Run: npx tsx tests/bench/row-decoders.ts
import { z } from "zod";
import { asDate, asNumber, asString, columns, nullable, Prisma, run, step, trackedUnit, type Steps } from "@/lib/db";
import { asIdList } from "@/lib/tasks/db-helpers";

const ids = ["a1b2c3d4e5f6g7h8i9j0k1l2", "b1b2c3d4e5f6g7h8i9j0k1l2", "c1b2c3d4e5f6g7h8i9j0k1l2", "d1b2c3d4e5f6g7h8i9j0k1l2", "e1b2c3d4e5f6g7h8i9j0k1l2"];
const row = {
  id: "r1b2c3d4e5f6g7h8i9j0k1l2",
  comparisonId: "c9b2c3d4e5f6g7h8i9j0k1l2",
  userId: "u1b2c3d4e5f6g7h8i9j0k1l2",
  order: JSON.stringify(ids),
  shownOrder: JSON.stringify(ids),
  durationMs: 4321,
  createdAt: "2026-11-29T23:00:00.000+00:00",
};

const decoder = columns({
  id: asString,
  comparisonId: asString,
  userId: asString,
  order: asIdList,
  shownOrder: asIdList,
  durationMs: nullable(asNumber),
  createdAt: asDate,
});
const ZIds = z.preprocess((v) => (typeof v === "string" ? JSON.parse(v) : v), z.array(z.string()));
const schema = z.object({
  id: z.string(),
  comparisonId: z.string(),
  userId: z.string(),
  order: ZIds,
  shownOrder: ZIds,
  durationMs: z.number().nullable(),
  createdAt: z.string().transform((s) => new Date(s)),
});
const unchecked = (r: Record<string, unknown>) => ({
  ...r,
  order: JSON.parse(r.order as string) as string[],
  shownOrder: JSON.parse(r.shownOrder as string) as string[],
  createdAt: new Date(r.createdAt as string),
});

function perCall(label: string, n: number, fn: () => unknown): number {
  for (let i = 0; i < n / 10; i++) fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(`| ${label} | ${(ns / 1000).toFixed(2)} µs |`);
  return ns;
}

// A unit like a ranking: 8 statements, through step-made sub-steps.
const sql = Prisma.sql`UPDATE "Comparison" SET "rankingCount" = "rankingCount" + 1 WHERE "id" = ${"x"}`;
const twoStatements = step(function* () {
  yield* run(sql);
  return yield* run(sql);
});
function* unit(): Steps<number> {
  let n = 0;
  for (let i = 0; i < 4; i++) n += yield* twoStatements();
  return n;
}
function* bareTwo(): Steps<number> {
  yield { kind: "run", sql };
  return (yield { kind: "run", sql }) as number;
}
function* bareUnit(): Steps<number> {
  let n = 0;
  for (let i = 0; i < 4; i++) n += yield* bareTwo();
  return n;
}
function drive(steps: Steps<number>): number {
  let next = steps.next();
  while (!next.done) next = steps.next(1);
  return next.value;
}

console.log("| per call | time |\n|---|---|");
const cast = perCall("ranking row, unchecked cast + JSON.parse + Date", 200_000, () => unchecked(row));
const ours = perCall("ranking row, columns({...}) decoders", 200_000, () => decoder(row));
const zod = perCall("ranking row, zod object schema", 200_000, () => schema.parse(row));
const bare = perCall("unit of 8 statements, bare generators", 200_000, () => drive(bareUnit()));
const tracked = perCall("unit of 8 statements, step() + tracking", 200_000, () => drive(trackedUnit(unit())));
console.log(`\ncolumns/unchecked ${(ours / cast).toFixed(2)}×, zod/columns ${(zod / ours).toFixed(2)}×, tracked/bare ${(tracked / bare).toFixed(2)}×`);
