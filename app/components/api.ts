// The browser's side of Podium's JSON API: one fetch helper that turns the `{error: {code, message}}` shape and
// network failures into a result the UI can show, never an exception.
export interface ApiError {
  /** HTTP status; 0 when the request never got an answer (offline, aborted, DNS). */
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** Seconds to wait, from a 429's Retry-After header. */
  retryAfterSeconds?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError };

export interface ApiOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** A raw body (e.g. JSONL) sent as-is instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {
    accept: "application/json",
    ...options.headers,
  };
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (err) {
    const aborted = err instanceof DOMException && err.name === "AbortError";
    return {
      ok: false,
      error: {
        status: 0,
        code: aborted ? "ABORTED" : "NETWORK",
        message: "Could not reach the server. Check your connection.",
      },
    };
  }
  const text = await res.text().catch(() => "");
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  const retryAfter = Number(res.headers.get("retry-after"));
  const shaped = isErrorBody(parsed) ? parsed.error : null;
  return {
    ok: false,
    error: {
      status: res.status,
      code: shaped?.code ?? `HTTP_${res.status}`,
      message: shaped?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      details: shaped?.details,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    },
  };
}

function isErrorBody(v: unknown): v is { error: { code: string; message: string; details?: unknown } } {
  if (typeof v !== "object" || v === null || !("error" in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** A random id for idempotency keys; works outside secure contexts too (crypto.randomUUID does not). */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
