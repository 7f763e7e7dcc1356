// CheckpointStore over any key → bytes table (a KV adapter), meant for the database's Artifact rows so every worker
// reaches every checkpoint without a shared disk. lib/models/db-artifact-kv.ts is the Prisma `ArtifactKv`; tests use MemoryKv.
// Atomicity comes from the adapter: `put` must replace the row in one statement (an upsert).
import { deserializeCheckpoint, serializeCheckpoint, type Checkpoint } from "./format";
import { parseCheckpointKey, type CheckpointStore } from "./store";

/**
 * What the store needs from the database, e.g. with Prisma:
 *   get:    (key) => prisma.artifact.findUnique({ where: { key }, select: { bytes: true } }).then((r) => r?.bytes ?? null)
 *   put:    (key, bytes) => prisma.artifact.upsert({ where: { key }, create: { key, bytes, size: bytes.length },
 *                                                    update: { bytes, size: bytes.length } }).then(() => undefined)
 *   delete: (key) => prisma.artifact.deleteMany({ where: { key } }).then((r) => r.count > 0)
 *   list:   (prefix) => prisma.artifact.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } })
 *                         .then((rows) => rows.map((r) => r.key))
 */
export interface ArtifactKv {
  get(key: string): Promise<Uint8Array | null>;
  /** Insert or replace, atomically. */
  put(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(prefix: string): Promise<string[]>;
}

export interface KvCheckpointStoreOptions {
  kv: ArtifactKv;
  /** Prepended to every key so checkpoints share the table with other artifacts. Default "checkpoints/". */
  namespace?: string;
}

export class KvCheckpointStore implements CheckpointStore {
  private readonly kv: ArtifactKv;
  readonly namespace: string;

  constructor(options: KvCheckpointStoreOptions) {
    this.kv = options.kv;
    this.namespace = options.namespace ?? "checkpoints/";
  }

  private full(key: string): string {
    return this.namespace + parseCheckpointKey(key);
  }

  async save(key: string, checkpoint: Checkpoint): Promise<void> {
    const bytes = serializeCheckpoint(checkpoint);
    await this.kv.put(this.full(key), bytes);
  }

  async load(key: string): Promise<Checkpoint | null> {
    const bytes = await this.kv.get(this.full(key));
    return bytes ? deserializeCheckpoint(bytes) : null;
  }

  delete(key: string): Promise<boolean> {
    return this.kv.delete(this.full(key));
  }

  async list(prefix = ""): Promise<string[]> {
    const keys = await this.kv.list(this.namespace + prefix);
    return keys
      .filter((k) => k.startsWith(this.namespace))
      .map((k) => k.slice(this.namespace.length))
      .sort();
  }
}

/** In-memory ArtifactKv (tests, and a single-process fallback). Stores copies, like a database would. */
export class MemoryKv implements ArtifactKv {
  private readonly rows = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | null> {
    const row = this.rows.get(key);
    return row ? row.slice() : null;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.rows.set(key, bytes.slice());
  }

  async delete(key: string): Promise<boolean> {
    return this.rows.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.rows.keys()].filter((k) => k.startsWith(prefix));
  }
}
