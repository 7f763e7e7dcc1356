import { describe, expect, it } from "vitest";
import { requireRole } from "@/lib/auth/require-role";
import { isSystemActor, SYSTEM_ACTOR, type Actor, type AuthUser } from "@/lib/auth/types";

function user(role: AuthUser["role"]): AuthUser {
  return { id: `u-${role}`, email: `${role.toLowerCase()}@test.podium`, name: role, role, via: "session" };
}

describe("requireRole", () => {
  it("refuses a labeler where an admin is needed, and lets admins and the system actor through", () => {
    expect(() => requireRole(user("LABELER"), "ADMIN")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => requireRole(user("ADMIN"), "ADMIN")).not.toThrow();
    expect(() => requireRole(SYSTEM_ACTOR, "ADMIN")).not.toThrow();
    expect(() => requireRole(user("LABELER"), "LABELER")).not.toThrow();
  });

  it("refuses a missing actor instead of skipping the check", () => {
    for (const missing of [null, undefined]) {
      expect(() => requireRole(missing as unknown as Actor, "ADMIN")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
      expect(() => requireRole(missing as unknown as Actor, "LABELER")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    }
  });

  it("tells the system actor from every user, an admin included", () => {
    expect(isSystemActor(SYSTEM_ACTOR)).toBe(true);
    expect(isSystemActor(user("ADMIN"))).toBe(false);
    expect(Object.isFrozen(SYSTEM_ACTOR)).toBe(true);
    expect("id" in SYSTEM_ACTOR).toBe(false);
  });
});
