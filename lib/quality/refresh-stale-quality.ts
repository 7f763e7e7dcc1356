// Keeps the quality columns (Comparison.agreement, each ranking's consensusAgreement) up to date outside the
// labeler's transaction. A ranking only flags its comparison (Comparison.qualityStale, set in the UPDATE that counts
// the ranking, so the flag commits with it and survives a crash); the figures are recomputed here:
//  - in a batch shortly after the ranking (scheduleQualityRefresh: one write transaction for every comparison flagged
//    in the last REFRESH_DELAY_MS, so the rankings of one comparison that arrive together are recomputed once), and
//  - by every read of those figures (the quality console, a labeler's rankings, the data browser, exports and
//    training data), which first recomputes what is still flagged in its project (refreshStaleQuality), so a reader
//    never sees a figure older than the rankings it can see — whichever process took the ranking.
// Flagged comparisons are found through the partial index Comparison_qualityStale_idx (only flagged rows are in it).
// On PostgreSQL each batch locks its comparisons FOR UPDATE SKIP LOCKED: one whose ranking is being written is left
// to that ranking's own refresh.
import { all, asString, columns, dbKind, Prisma, runSteps, step, type Db, type Steps } from "@/lib/db";
import { updateComparisonQuality } from "./update-comparison-quality";

/** How long a ranking's flag waits for others to join its batch. */
export const REFRESH_DELAY_MS = 100;
/** Comparisons recomputed per transaction. */
const BATCH = 200;

export interface RefreshStaleQualityOptions {
  db: Db;
  /** Only this project's comparisons (all projects when absent). */
  projectId?: string;
  /** Only these comparisons (e.g. the one a page shows). */
  comparisonIds?: string[];
}

const IdRow = columns({ id: asString });

/** Recomputes the flagged comparisons in scope; the number recomputed. A read with nothing flagged costs one index probe. */
export async function refreshStaleQuality({ db, projectId, comparisonIds }: RefreshStaleQualityOptions): Promise<number> {
  if (comparisonIds && comparisonIds.length === 0) return 0;
  let done = 0;
  for (;;) {
    // Checked without a write transaction first: the common case is that nothing is flagged.
    const flagged = await runSteps(db, () => findFlagged(db, projectId, comparisonIds, false), { write: false });
    if (flagged.length === 0) return done;
    const n = await runSteps(db, () => recompute(db, projectId, comparisonIds), { write: true });
    done += n;
    if (n < BATCH) return done;
  }
}

const findFlagged = step(function* (db: Db, projectId: string | undefined, ids: string[] | undefined, lock: boolean): Steps<{ id: string }[]> {
  const inProject = projectId === undefined ? Prisma.empty : Prisma.sql`AND "projectId" = ${projectId}`;
  const inIds = ids === undefined ? Prisma.empty : Prisma.sql`AND "id" IN (${Prisma.join(ids)})`;
  const skipLocked = lock && dbKind(db) === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  return yield* all(
    Prisma.sql`SELECT "id" FROM "Comparison" WHERE "qualityStale" = true ${inProject} ${inIds} LIMIT ${lock ? BATCH : 1} ${skipLocked}`,
    IdRow,
  );
});

const recompute = step(function* (db: Db, projectId: string | undefined, ids: string[] | undefined): Steps<number> {
  const rows = yield* findFlagged(db, projectId, ids, true);
  for (const { id } of rows) yield* updateComparisonQuality(id);
  return rows.length;
});

const pending = new WeakMap<Db, ReturnType<typeof setTimeout>>();

/**
 * Recomputes the flagged comparisons REFRESH_DELAY_MS from now, once for all the rankings stored meanwhile. Does not
 * keep the process alive; a refresh that fails (the database closed, a restart) leaves the flags for the next one
 * or for the next read.
 */
export function scheduleQualityRefresh(db: Db): void {
  if (pending.has(db)) return;
  const timer = setTimeout(() => {
    pending.delete(db);
    refreshStaleQuality({ db }).catch((err: unknown) => {
      if (process.env.NODE_ENV !== "test") console.warn(`[quality] deferred refresh failed (the figures are recomputed on the next read): ${String(err)}`);
    });
  }, REFRESH_DELAY_MS);
  timer.unref();
  pending.set(db, timer);
}
