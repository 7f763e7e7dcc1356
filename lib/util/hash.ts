// SHA-256 helpers for values that are looked up but never stored in clear (tokens, session ids, prompt texts).
import { createHash } from "node:crypto";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
