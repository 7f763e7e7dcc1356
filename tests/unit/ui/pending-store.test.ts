import { describe, expect, it } from "vitest";
import { classifySend, retryDelayMs } from "@/app/label/_components/pending-store";

const failure = (status: number) => ({ ok: false as const, error: { status, code: `HTTP_${status}`, message: "x" } });

describe("the ranking page's pending queue", () => {
  it("drops a ranking from the queue only once the server has stored it", () => {
    expect(classifySend({ ok: true, status: 201, data: {} })).toBe("stored");
    expect(classifySend({ ok: true, status: 200, data: {} })).toBe("stored");
  });

  it("retries when there was no answer, a rate limit or a server error", () => {
    for (const status of [0, 408, 429, 500, 502, 503]) expect(classifySend(failure(status))).toBe("retry");
  });

  it("gives up on rankings the server refuses for good, and keeps them while the labeler is signed out", () => {
    for (const status of [400, 403, 404, 409, 422]) expect(classifySend(failure(status))).toBe("refused");
    expect(classifySend(failure(401))).toBe("signed-out");
  });

  it("waits longer after each failed attempt, up to 15 seconds", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });
});
