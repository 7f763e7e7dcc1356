import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, toErrorResponse } from "@/lib/errors";

const silent = () => {};

describe("error mapping", () => {
  it("maps each AppError code to its status and keeps message and details", () => {
    const res = toErrorResponse(new AppError("CONFLICT", "already ranked", { details: { id: "c1" } }), silent);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: "CONFLICT", message: "already ranked", details: { id: "c1" } } });
    expect(toErrorResponse(new AppError("PAYLOAD_TOO_LARGE", "big"), silent).status).toBe(413);
    expect(toErrorResponse(new AppError("UNPROCESSABLE", "no"), silent).status).toBe(422);
  });

  it("adds Retry-After for rate limiting", () => {
    const res = toErrorResponse(new AppError("RATE_LIMITED", "slow down", { retryAfterSeconds: 899.2 }), silent);
    expect(res.status).toBe(429);
    expect(res.headers["Retry-After"]).toBe("900");
  });

  it("turns a ZodError into a 400 that names the bad field", () => {
    const result = z.object({ email: z.string().email() }).safeParse({ email: "x" });
    expect(result.success).toBe(false);
    const res = toErrorResponse(result.error, silent);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.message).toContain("email");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "email" })]);
  });

  it("maps Prisma's unique and not-found errors to 409 and 404", () => {
    const prismaError = (code: string) => Object.assign(new Error("db"), { name: "PrismaClientKnownRequestError", code });
    expect(toErrorResponse(prismaError("P2002"), silent).status).toBe(409);
    expect(toErrorResponse(prismaError("P2025"), silent).status).toBe(404);
  });

  it("hides unexpected errors behind a logged 500", () => {
    const logged: unknown[] = [];
    const res = toErrorResponse(new TypeError("secret internals"), (_m, e) => logged.push(e));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain("secret internals");
    expect(logged).toHaveLength(1);
  });
});
