// Maps anything thrown below a route handler to Podium's one error shape `{error: {code, message, details?}}`.
// AppError keeps its code; ZodError becomes VALIDATION_FAILED; known Prisma errors become 404/409;
// everything else is logged and becomes a 500 without internals.
import { ZodError } from "zod";
import { AppError, type ErrorCode } from "./app-error";
import { isUniqueViolation } from "./unique-violation";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

function prismaCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string") {
    const name = "name" in err ? String(err.name) : "";
    if (name.startsWith("PrismaClient")) return err.code;
  }
  return undefined;
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    const where = first && first.path ? `${first.path}: ` : "";
    return new AppError("VALIDATION_FAILED", `Invalid request: ${where}${first?.message ?? "bad input"}`, { details });
  }
  // Also a raw query's (P2010 with PostgreSQL's 23505 inside) or a driver's own error, which carry no P2002.
  if (isUniqueViolation(err)) return new AppError("CONFLICT", "A record with the same unique value already exists");
  switch (prismaCode(err)) {
    case "P2002":
      return new AppError("CONFLICT", "A record with the same unique value already exists");
    case "P2025":
      return new AppError("NOT_FOUND", "The record does not exist");
    case "P2003":
      return new AppError("UNPROCESSABLE", "A referenced record does not exist");
    default:
      return null;
  }
}

export function toErrorResponse(err: unknown, log: (msg: string, err: unknown) => void = defaultLog): MappedError {
  const app = toAppError(err);
  if (!app) {
    log("unexpected error", err);
    return {
      status: 500,
      body: { error: { code: "INTERNAL", message: "Internal server error" } },
      headers: {},
    };
  }
  const headers: Record<string, string> = {};
  if (app.retryAfterSeconds !== undefined) headers["Retry-After"] = String(Math.ceil(app.retryAfterSeconds));
  // The rest of a too-large body is not read: the connection cannot carry another request.
  if (app.code === "PAYLOAD_TOO_LARGE") headers.Connection = "close";
  const body: ErrorBody = { error: { code: app.code, message: app.message } };
  if (app.details !== undefined) body.error.details = app.details;
  return { status: app.status, body, headers };
}

function defaultLog(msg: string, err: unknown): void {
  console.error(`[podium] ${msg}:`, err);
}
