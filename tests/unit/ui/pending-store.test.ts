import { describe, expect, it } from "vitest";
import { classifySend, retryDelayMs, withoutSwitchedOffFields } from "@/app/label/_components/pending-store";
import type { PendingRanking } from "@/app/label/_components/types";

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

  it("sends the order again without the fields a project stopped taking, and only for that refusal", () => {
    const item: PendingRanking = {
      taskId: "t",
      ranking: ["a", "b", "c"],
      ranks: [1, 1, 3],
      noneAcceptable: true,
      scores: { a: 5 },
      durationMs: 10,
      idempotencyKey: "k",
      queuedAt: 1,
      attempts: 0,
    };
    const refused = (details: unknown, status = 422) => ({ status, code: "UNPROCESSABLE", message: "x", details });
    const off = withoutSwitchedOffFields(item, refused([
      { path: "ranks", message: "this project does not allow ties", switchedOff: true },
      { path: "scores", message: "this project does not collect scores", switchedOff: true },
    ]));
    expect(off?.dropped).toEqual(["ranks", "scores"]);
    expect(off?.item).toEqual({ ...item, ranks: undefined, scores: undefined, noneAcceptable: true });
    expect(off?.item.ranking).toEqual(["a", "b", "c"]);
    expect(off?.item.idempotencyKey).toBe("k");
    // A malformed judgment, a mix with one, another status or no details: refused as before.
    expect(withoutSwitchedOffFields(item, refused([{ path: "scores", message: "scores must be whole numbers" }]))).toBeNull();
    expect(
      withoutSwitchedOffFields(item, refused([{ path: "ranks", message: "off", switchedOff: true }, { path: "scores", message: "bad" }])),
    ).toBeNull();
    expect(withoutSwitchedOffFields(item, refused([{ path: "ranks", message: "off", switchedOff: true }], 409))).toBeNull();
    expect(withoutSwitchedOffFields(item, refused(undefined))).toBeNull();
  });
});
