// Random bearer secrets (session cookies, API tokens). Only their SHA-256 is stored.
import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/util/hash";

export const API_TOKEN_PREFIX = "pdm_";

export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}
