// Admin export as a streamed JSONL download: a ReadableStream that pulls one batch of comparisons at a time from
// the database (backpressure: nothing is read before the client asks for more), so 1M rankings never sit in memory.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { consensusPairwiseRows, eventRows, listwiseRow, pairwiseRows } from "./export-rows";
import { rankedComparisons, type ExportComparison } from "./export-source";

export const ZExportFormat = z.enum(["pairwise", "listwise", "events"]);
export const ZExportQuery = z.strictObject({
  format: ZExportFormat,
  consensus: z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true").optional(),
  method: z.enum(["ranked-pairs", "bradley-terry"]).optional(),
});
export type TExportQuery = z.infer<typeof ZExportQuery>;

export interface ExportJsonlOptions extends TExportQuery {
  db: Db;
  actor: AuthUser;
  now?: Date;
}

export interface ExportDownload {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

export function exportJsonl({ db, actor, format, consensus = false, method = "ranked-pairs", now = new Date() }: ExportJsonlOptions): ExportDownload {
  requireRole(actor, "ADMIN");
  const rowsOf = (c: ExportComparison): unknown[] => {
    if (format === "events") return eventRows(c);
    if (format === "listwise") {
      const row = listwiseRow(c, method);
      return row ? [row] : [];
    }
    return consensus ? consensusPairwiseRows(c, method) : pairwiseRows(c);
  };
  const batches = rankedComparisons({ db });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await batches.next();
        if (done) {
          controller.close();
          return;
        }
        const lines = value.flatMap(rowsOf).map((row) => JSON.stringify(row));
        if (lines.length === 0) continue;
        controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
        return;
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const name = format === "pairwise" && consensus ? "pairwise-consensus" : format;
  return { filename: `podium-${name}-${stamp}.jsonl`, stream };
}
