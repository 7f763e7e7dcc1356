// Reading request bodies before any work is done: a size limit (413), the content type (415), JSON parsing (400)
// and the text both databases can store (400: no NUL, no unpaired surrogates, no nesting deeper than
// MAX_JSON_DEPTH), so SQLite and PostgreSQL accept and refuse the same bodies. Then the route's zod schema.
import type { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { findJsonProblem } from "@/lib/util/json-problem";

/** Media types of a JSON body: application/json and any `+json` type. */
export const JSON_MEDIA_TYPES = ["application/json", "+json"];

export async function readText(req: Request, limit = getConfig().PODIUM_BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  const tooLarge = () =>
    new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than the limit of ${limit} bytes`, { details: { limit } });
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * 415 unless the body's Content-Type is one of `accepted` (a full type, or a suffix such as "+json"); a request
 * without a Content-Type passes only when `body` is empty.
 */
export function requireContentType(req: Request, body: string, accepted: string[]): void {
  const header = req.headers.get("content-type");
  const type = header?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (header === null && body.trim() === "") return;
  const ok = accepted.some((a) => (a.startsWith("+") ? type.endsWith(a) && type.includes("/") : type === a));
  if (!ok) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Type ${header === null ? "is missing" : `"${header}" is not accepted`}: send ${accepted.filter((a) => !a.startsWith("+")).join(" or ")}`,
      { details: { accepted } },
    );
  }
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new AppError("INVALID_JSON", "Request body is empty; expected JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError("INVALID_JSON", `Request body is not valid JSON: ${(err as Error).message}`);
  }
  const problem = findJsonProblem(value);
  if (problem) {
    const where = problem.path ? `${problem.path}: ` : "";
    throw new AppError("VALIDATION_FAILED", `Invalid request: ${where}${problem.message}`, { details: [problem] });
  }
  return value;
}

/**
 * The body as JSON (Content-Type application/json), checked by `schema`. `empty`: the value an empty body stands
 * for (e.g. `{}` where every field is optional); without it an empty body is a 400.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, options: { empty?: unknown } = {}): Promise<z.infer<S>> {
  const text = await readText(req);
  if (options.empty !== undefined && text.trim() === "") return schema.parse(options.empty);
  requireContentType(req, text, JSON_MEDIA_TYPES);
  return schema.parse(parseJsonText(text));
}
