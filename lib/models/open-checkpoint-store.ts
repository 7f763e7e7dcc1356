// The checkpoint store every worker and the web app share: the database's Artifact table by default, or a
// directory when PODIUM_ARTIFACT_DIR is set (e.g. a shared volume for large models).
import type { Db } from "@/lib/db";
import { FsCheckpointStore, KvCheckpointStore, type CheckpointStore } from "@/lib/ml/checkpoint";
import { createDbArtifactKv } from "./db-artifact-kv";

export interface OpenCheckpointStoreOptions {
  db: Db;
  /** A directory instead of the database; default none (the database). */
  dir?: string;
}

export function openCheckpointStore({ db, dir }: OpenCheckpointStoreOptions): CheckpointStore {
  if (dir) return new FsCheckpointStore({ dir });
  return new KvCheckpointStore({ kv: createDbArtifactKv({ db }) });
}
