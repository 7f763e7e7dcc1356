// The CheckpointStore interface every trainer saves to and loads from, and the key rules all stores share.
// Two implementations: FsCheckpointStore (a directory) and KvCheckpointStore (any key → bytes table, e.g. the
// database's Artifact rows), so workers on several machines can share checkpoints through the database.
import { z } from "zod";
import type { Checkpoint } from "./format";

export interface CheckpointStore {
  /** Writes `checkpoint` under `key`, replacing any previous one atomically (readers see old or new, never half). */
  save(key: string, checkpoint: Checkpoint): Promise<void>;
  /** The checkpoint under `key`, or null when there is none. Throws CheckpointFormatError on corrupt bytes. */
  load(key: string): Promise<Checkpoint | null>;
  /** Removes `key`; true when something was deleted. */
  delete(key: string): Promise<boolean>;
  /** Keys starting with `prefix` (default: all), sorted. */
  list(prefix?: string): Promise<string[]>;
}

/**
 * Keys look like relative paths: "policy/v3", "reward/run-12/best". Letters, digits, . _ - and /, no empty
 * segments, no "." or ".." segments, so a key can never escape a store's directory.
 */
export const ZCheckpointKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/, {
    message: "checkpoint keys are /-separated segments of letters, digits, . _ - (no empty, . or .. segments)",
  })
  .refine((k) => !k.split("/").some((seg) => seg === "." || seg === ".."), { message: "no . or .. segments" });

export function parseCheckpointKey(key: string): string {
  const parsed = ZCheckpointKey.safeParse(key);
  if (!parsed.success) throw new Error(`invalid checkpoint key "${key}": ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data;
}
