// Record ids made in the app (so multi-row inserts need no read-back): 24 random base32 characters.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function newId(): string {
  const bytes = randomBytes(24);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}
