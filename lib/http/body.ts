// Reading request bodies with a size limit (413) and JSON/zod parsing (400), before any work is done.
import type { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

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

export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new AppError("INVALID_JSON", "Request body is empty; expected JSON");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError("INVALID_JSON", `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return schema.parse(parseJsonText(await readText(req)));
}
