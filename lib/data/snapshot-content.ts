// A snapshot's bytes in the artifact store: parts of up to PART_BYTES under `snapshots/<id>/`, each ending at a line
// end, read back in order. Readers (the download, the training jobs) never hold more than one part in memory.
import type { Db } from "@/lib/db";
import { createDbArtifactKv } from "@/lib/models/db-artifact-kv";

/** A part is written once it holds this many bytes (a single part row stays small for both databases). */
export const SNAPSHOT_PART_BYTES = 4 * 1024 * 1024;

export function snapshotPartKey(artifactKey: string, index: number): string {
  return `${artifactKey}/part-${String(index).padStart(6, "0")}`;
}

/** The parts of a snapshot's content, in order. */
export async function* snapshotParts({ db, artifactKey }: { db: Db; artifactKey: string }): AsyncGenerator<Uint8Array> {
  const kv = createDbArtifactKv({ db });
  const keys = await kv.list(`${artifactKey}/part-`);
  for (const key of keys) {
    const bytes = await kv.get(key);
    if (bytes) yield bytes;
  }
}

/** The snapshot's JSONL content line by line (a line split across parts is joined). */
export async function* snapshotLines({ db, artifactKey }: { db: Db; artifactKey: string }): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const part of snapshotParts({ db, artifactKey })) {
    const lines = (rest + decoder.decode(part, { stream: true })).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line !== "") yield line;
  }
  rest += decoder.decode();
  if (rest !== "") yield rest;
}
