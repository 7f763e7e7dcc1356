import { recordAudit } from "@/lib/audit";
import { exportJsonl, filtersToJson, parseExportSearchParams } from "@/lib/data";
import { withUser } from "@/lib/http";

// ?format=pairwise|listwise|events[&consensus=1][&method=ranked-pairs|bradley-terry] and the filters (projectId, from,
// to, minGoldScore, minAgreement, excludeFlagged, includeExcluded, includeGold) → a JSONL download, streamed.
export const GET = withUser(
  async ({ req, db, user }) => {
    const { filters, ...query } = parseExportSearchParams(new URL(req.url).searchParams);
    const { filename, stream } = exportJsonl({ db, actor: user, ...query, filters });
    const options = { consensus: query.consensus ?? null, method: query.method ?? null };
    await recordAudit({
      tx: db,
      actor: user,
      action: "export.download",
      targetType: "export",
      details: { format: query.format, ...options, filters: filtersToJson(filters) },
    });
    return new Response(stream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  },
  { role: "ADMIN" },
);
