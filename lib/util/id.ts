// Record ids made in the app (so multi-row inserts need no read-back): 24 random base32 characters,
// drawn from a pooled buffer of crypto-random bytes (one system call per 1,024 ids, not one per id).
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const ID_LENGTH = 24;
const POOL_IDS = 1024;
let pool = Buffer.alloc(0);
let offset = 0;

export function newId(): string {
  if (offset + ID_LENGTH > pool.length) {
    pool = randomBytes(ID_LENGTH * POOL_IDS);
    offset = 0;
  }
  let out = "";
  for (let i = 0; i < ID_LENGTH; i++) out += ALPHABET[(pool[offset + i] ?? 0) & 31];
  offset += ID_LENGTH;
  return out;
}
