// Environment of Podium, parsed once with zod and shared by the web app, the worker and the CLI.
// Fails fast with a message naming each bad variable.
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const ZBool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/podium.db"),
  /** Connections per process to PostgreSQL (Prisma and the labeling hot path share them). */
  PODIUM_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** Web server processes sharing the port (`npm start`); one Next.js process uses one core. */
  PODIUM_WEB_PROCESSES: z.coerce.number().int().min(1).max(32).default(Math.min(4, os.availableParallelism())),
  PODIUM_PUBLIC_URL: z.string().url().optional(),
  PODIUM_SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  /** Secure cookies need HTTPS; off by default so a plain http://127.0.0.1 install works. */
  PODIUM_SECURE_COOKIES: ZBool.default(false),
  PODIUM_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  PODIUM_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  PODIUM_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  PODIUM_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  /**
   * Reverse proxies in front of Podium that append the client's address to X-Forwarded-For. 0: the socket peer is
   * the client (the header is ignored); n: the n-th address from the right of X-Forwarded-For is.
   */
  PODIUM_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(16).default(0),
  PODIUM_LEASE_SECONDS: z.coerce.number().int().positive().default(600),
  /** How long after submitting a labeler may take their latest ranking back (POST …/ranking/undo). */
  PODIUM_UNDO_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  PODIUM_ARTIFACT_DIR: z.string().optional(),
  PODIUM_ADMIN_EMAIL: z.string().email().optional(),
  PODIUM_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
});
export type TEnv = z.infer<typeof ZEnv>;

export type DatabaseKind = "sqlite" | "postgresql";

export interface AppConfig extends TEnv {
  databaseKind: DatabaseKind;
  /** Absolute path of the SQLite file (only for sqlite). */
  sqlitePath: string | null;
}

function parse(source: Record<string, string | undefined>): AppConfig {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.DATABASE_URL.startsWith("file:")) {
    const sqlitePath = path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.DATABASE_URL.slice("file:".length));
    return { ...env, DATABASE_URL: `file:${sqlitePath}`, databaseKind: "sqlite", sqlitePath };
  }
  return { ...env, databaseKind: "postgresql", sqlitePath: null };
}

let cached: AppConfig | undefined;

/** The parsed environment; parsed on first use. */
export function getConfig(): AppConfig {
  cached ??= parse(process.env);
  return cached;
}

/** Parse a given environment without caching (tests, CLI sub-processes). */
export function parseConfig(source: Record<string, string | undefined>): AppConfig {
  return parse(source);
}
