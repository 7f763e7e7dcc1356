import { toErrorResponse } from "@/lib/errors";

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...init.headers },
  });
}

export function errorResponse(err: unknown): Response {
  const mapped = toErrorResponse(err);
  return json(mapped.body, { status: mapped.status, headers: mapped.headers });
}
