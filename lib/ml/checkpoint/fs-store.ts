// CheckpointStore on a local (or network-mounted) directory: one file "<key>.ckpt" per checkpoint.
// Writes are atomic: a temp file in the same directory, fsync, then rename over the target (POSIX rename is atomic).
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { deserializeCheckpoint, serializeCheckpoint, type Checkpoint } from "./format";
import { parseCheckpointKey, type CheckpointStore } from "./store";

export const CHECKPOINT_EXTENSION = ".ckpt";
const TEMP_SUFFIX = ".tmp";

export interface FsCheckpointStoreOptions {
  /** Directory that holds the checkpoints; created on first save. */
  dir: string;
}

export class FsCheckpointStore implements CheckpointStore {
  readonly dir: string;

  constructor(options: FsCheckpointStoreOptions) {
    this.dir = path.resolve(options.dir);
  }

  /** Absolute path of the file for `key`. */
  pathFor(key: string): string {
    return path.join(this.dir, ...parseCheckpointKey(key).split("/")) + CHECKPOINT_EXTENSION;
  }

  async save(key: string, checkpoint: Checkpoint): Promise<void> {
    const bytes = serializeCheckpoint(checkpoint); // before touching the disk: a bad checkpoint writes nothing
    await this.writeAtomic(this.pathFor(key), bytes);
  }

  /** Writes raw bytes atomically (also used to store a buffer produced elsewhere). */
  async writeAtomic(target: string, bytes: Uint8Array): Promise<void> {
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`;
    try {
      const handle = await open(temp, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    // Make the rename itself durable; some filesystems cannot fsync a directory, which is fine to ignore.
    try {
      const dirHandle = await open(path.dirname(target), "r");
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch {
      // best effort
    }
  }

  async load(key: string): Promise<Checkpoint | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathFor(key));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    return deserializeCheckpoint(bytes);
  }

  async delete(key: string): Promise<boolean> {
    const file = this.pathFor(key);
    try {
      await rm(file);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async list(prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      for (const entry of entries) {
        const name = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), name);
        else if (entry.isFile() && entry.name.endsWith(CHECKPOINT_EXTENSION)) {
          keys.push(name.slice(0, -CHECKPOINT_EXTENSION.length));
        }
      }
    };
    await walk(this.dir, "");
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "ENOENT";
}
