import { downloadExportSnapshot } from "@/lib/data";
import { withUser } from "@/lib/http";

// The snapshot's exact bytes; x-content-sha256 repeats the manifest's contentHash.
export const GET = withUser<{ id: string }>(
  async ({ db, user, params }) => {
    const { manifest, filename, stream } = await downloadExportSnapshot({ db, actor: user, snapshotId: params.id });
    return new Response(stream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "content-length": String(manifest.size),
        "x-content-sha256": manifest.contentHash,
        "cache-control": "no-store",
      },
    });
  },
  { role: "ADMIN" },
);
