// What every answer of the web server carries (the security headers of lib/http/security-headers.json, the same
// ones next.config.js gives Next.js's responses), and the JSON error answers the server gives before Next.js.
import type http from "node:http";
import policy from "@/lib/http/security-headers.json";

export const SECURITY_HEADERS: [string, string][] = [
  ...policy.headers.map((h): [string, string] => [h.key, h.value]),
  ["Content-Security-Policy", policy.contentSecurityPolicy.join("; ")],
];

/** Sets the security headers on a response before anything writes it (redirects and errors included). */
export function setSecurityHeaders(res: http.ServerResponse): void {
  for (const [key, value] of SECURITY_HEADERS) res.setHeader(key, value);
}

/** Answers with Podium's JSON error shape `{error: {code, message}}`. */
export function sendError(
  res: http.ServerResponse,
  error: { status: number; code: string; message: string; headers?: Record<string, string> },
): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  setSecurityHeaders(res);
  res.writeHead(error.status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(body)),
    ...error.headers,
  });
  res.end(body);
}

/**
 * The raw answer to a request Node's HTTP parser refused (a bad header, a bad chunk, headers too large): Node's own
 * answer has neither the JSON error shape nor the security headers.
 */
export function clientErrorAnswer(code: string | undefined): string {
  const [status, reason, message] =
    code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "The request headers are too large"]
      : code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "The request took too long to arrive"]
        : [400, "Bad Request", "The request is not well-formed HTTP"];
  const body = JSON.stringify({ error: { code: status === 400 ? "BAD_REQUEST" : status === 431 ? "HEADERS_TOO_LARGE" : "REQUEST_TIMEOUT", message } });
  const headers = [
    ...SECURITY_HEADERS,
    ["Content-Type", "application/json; charset=utf-8"],
    ["Content-Length", String(Buffer.byteLength(body))],
    ["Connection", "close"],
  ];
  return `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`;
}
