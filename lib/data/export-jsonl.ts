// Admin export as a streamed JSONL download: a ReadableStream that reads comparisons from the database in small
// keyset-paginated batches and sends chunks of about 256 KB, each built only when the client has taken the previous
// one (backpressure), so 1M rankings never sit in memory; between chunks it gives the event loop a turn, so the
// requests of other users on the same process are answered during a long export.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { consensusPairwiseRows, eventRows, listwiseRow, orderedPairCount, pairwiseRows } from "./export-rows";
import { FILTER_PARAMS, filtersFromSearchParams, ZExportFilters, type TExportFilters } from "./export-filters";
import { rankedComparisons, type ExportComparison } from "./export-source";

export const ZExportFormat = z.enum(["pairwise", "listwise", "events"]);
export const ZExportQuery = z.strictObject({
  format: ZExportFormat,
  consensus: z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true").optional(),
  method: z.enum(["ranked-pairs", "bradley-terry"]).optional(),
  /** pairwise: leave tied pairs out (default) or write them with `tie: true`. */
  ties: z.enum(["skip", "mark"]).optional(),
});
export type TExportQuery = z.infer<typeof ZExportQuery>;

/** GET /api/v1/export's query string: the format and its options, and the filters (see export-filters). */
export function parseExportSearchParams(params: URLSearchParams): TExportQuery & { filters: TExportFilters } {
  const filterKeys: readonly string[] = FILTER_PARAMS;
  const query = ZExportQuery.parse(Object.fromEntries([...params].filter(([key]) => !filterKeys.includes(key))));
  return { ...query, filters: filtersFromSearchParams(params) };
}

/** Comparisons per database read (with SQLite one read is one uninterrupted slice of the event loop). */
const BATCH_COMPARISONS = 50;
/** A chunk is sent once it holds about this many characters of JSONL (one comparison's rows may go past it). */
const CHUNK_CHARS = 256 * 1024;

export interface ExportJsonlOptions extends TExportQuery {
  db: Db;
  actor: AuthUser;
  /** Default: the default filters (every project; gold and excluded comparisons left out). */
  filters?: TExportFilters;
  now?: Date;
}

/** What an export holds; final once its stream has closed. */
export interface ExportCounts {
  /** Comparisons with at least one row. */
  comparisons: number;
  /** Rankings the rows come from. */
  rankings: number;
  /** Preference pairs: the rows of the pairwise format; otherwise the pairs each ranking orders (C(K,2) without ties). */
  pairs: number;
  /** Distinct labelers of those rankings. */
  labelers: number;
}

export interface ExportDownload {
  filename: string;
  stream: ReadableStream<Uint8Array>;
  counts(): ExportCounts;
}

export function exportJsonl({
  db,
  actor,
  format,
  consensus = false,
  method = "ranked-pairs",
  ties = "skip",
  filters = ZExportFilters.parse({}),
  now = new Date(),
}: ExportJsonlOptions): ExportDownload {
  requireRole(actor, "ADMIN");
  const tally = { comparisons: 0, rankings: 0, pairs: 0 };
  const labelers = new Set<string>();
  const rowsOf = (c: ExportComparison): unknown[] => {
    if (format === "events") return eventRows(c);
    if (format === "listwise") {
      const row = listwiseRow(c, method);
      return row ? [row] : [];
    }
    return consensus ? consensusPairwiseRows(c, method) : pairwiseRows(c, ties);
  };
  const count = (c: ExportComparison, rows: unknown[]) => {
    if (rows.length === 0) return;
    tally.comparisons += 1;
    tally.rankings += c.rankings.length;
    for (const r of c.rankings) labelers.add(r.labeler);
    tally.pairs += format === "pairwise" ? rows.length : c.rankings.reduce((n, r) => n + orderedPairCount(r), 0);
  };
  const batches = rankedComparisons({ db, batchSize: BATCH_COMPARISONS, filters });
  const queue: ExportComparison[] = [];
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    // Called when the client has taken the previous chunk (the response stream's backpressure).
    async pull(controller) {
      // SQLite's driver answers synchronously, so every `await` below resolves as a microtask: without this turn of
      // the event loop the whole export would run as one task and stall every other request of this process.
      await new Promise((resolve) => setImmediate(resolve));
      let text = "";
      while (text.length < CHUNK_CHARS) {
        const comparison = queue.shift();
        if (comparison) {
          const rows = rowsOf(comparison);
          count(comparison, rows);
          for (const row of rows) text += JSON.stringify(row) + "\n";
          continue;
        }
        if (text) break; // at most one database read per turn: the next read starts the next chunk
        const { done, value } = await batches.next();
        if (done) {
          controller.close();
          return;
        }
        queue.push(...value);
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const name = format === "pairwise" && consensus ? "pairwise-consensus" : format;
  return { filename: `podium-${name}-${stamp}.jsonl`, stream, counts: () => ({ ...tally, labelers: labelers.size }) };
}
