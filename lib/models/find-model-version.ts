// Worker: resolves the model version a job should start from: the id in its config, else the active version of the
// kind (for REWARD, the newest one when none is active). No actor: jobs were authorised when they were enqueued.
import type { Db, ModelKind } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface FindModelVersionOptions {
  db: Db;
  kind: ModelKind;
  /** An explicit id (must be of `kind`); default the active / newest version. */
  id?: string;
}

export interface ResolvedModelVersion {
  id: string;
  kind: ModelKind;
  name: string;
  artifactKey: string;
  config: unknown;
  metrics: unknown;
}

const SELECT = { id: true, kind: true, name: true, artifactKey: true, config: true, metrics: true } as const;

/** The version, or null when none exists (an explicit id that is missing or of the wrong kind throws). */
export async function findModelVersion({ db, kind, id }: FindModelVersionOptions): Promise<ResolvedModelVersion | null> {
  if (id) {
    const row = await db.modelVersion.findUnique({ where: { id }, select: SELECT });
    if (!row) throw new AppError("NOT_FOUND", `No model version with id ${id}`);
    if (row.kind !== kind) throw new AppError("UNPROCESSABLE", `Model version ${id} is a ${row.kind} model, not ${kind}`);
    return row;
  }
  const active = await db.modelVersion.findFirst({
    where: { kind, active: true },
    orderBy: { createdAt: "desc" },
    select: SELECT,
  });
  if (active || kind === "POLICY") return active;
  return db.modelVersion.findFirst({ where: { kind }, orderBy: { createdAt: "desc" }, select: SELECT });
}
