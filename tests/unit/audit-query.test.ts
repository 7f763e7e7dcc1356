import { describe, expect, it } from "vitest";
import { ZAuditQuery } from "@/lib/audit";
import { ZUpdateUserRequest } from "@/lib/users";

describe("the audit query", () => {
  it("reads a bare `to` date as the whole day (UTC) and a bare `from` date as its start", () => {
    const query = ZAuditQuery.parse({ from: "2026-11-30", to: "2026-11-30" });
    expect(query.from?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(query.to?.toISOString()).toBe("2026-11-30T23:59:59.999Z");
    expect(ZAuditQuery.parse({ to: "2026-11-30T12:00:00+01:00" }).to?.toISOString()).toBe("2026-11-30T11:00:00.000Z");
  });

  it("refuses dates without an offset, impossible dates, foreign cursors and unknown parameters", () => {
    for (const bad of [
      { from: "2026-11-30T12:00:00" },
      { to: "2026-02-30" },
      { cursor: Buffer.from("not-a-date|abc").toString("base64url") },
      { cursor: Buffer.from("2026-11-30T00:00:00.000Z|a|b").toString("base64url") },
      { limit: "1.5" },
      { page: "2" },
    ]) {
      expect(ZAuditQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("an account change", () => {
  it("names at least one known field and never takes a short password", () => {
    expect(ZUpdateUserRequest.safeParse({}).success).toBe(false);
    expect(ZUpdateUserRequest.safeParse({ disabled: true, name: "x" }).success).toBe(false);
    expect(ZUpdateUserRequest.safeParse({ password: "short" }).success).toBe(false);
    expect(ZUpdateUserRequest.parse({ role: "ADMIN", disabled: false })).toEqual({ role: "ADMIN", disabled: false });
  });
});
