import { toErrorResponse } from "@/lib/errors";

/**
 * Below this size a JSON body is sent uncompressed (`no-transform` tells Next's compression to leave it): gzip of a
 * task (~2 KB) saved about a kilobyte but cost the labeler loop ~20 % of its throughput on 2 cores (BENCHMARKS.md).
 * Larger bodies (lists, job metrics, exports) are still compressed.
 */
const COMPRESS_FROM_BYTES = 8 * 1024;

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const body = JSON.stringify(data);
  const cacheControl = body.length < COMPRESS_FROM_BYTES ? "no-store, no-transform" : "no-store";
  return new Response(body, {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": cacheControl, ...init.headers },
  });
}

export function errorResponse(err: unknown): Response {
  const mapped = toErrorResponse(err);
  return json(mapped.body, { status: mapped.status, headers: mapped.headers });
}
