import { expect, it } from "vitest";
import { createApiToken, SYSTEM_ACTOR, type Actor, type AuthUser } from "@/lib/auth";
import { createUser, listUsers } from "@/lib/users";
import { describeEachDatabase } from "./harness";
import { createTestUser, uniq } from "../support/factories";

function asActor(user: { id: string; email: string; role: "LABELER" | "ADMIN" }): AuthUser {
  return { id: user.id, email: user.email, name: user.email, role: user.role, via: "session" };
}

function newAccount() {
  return { email: `${uniq("acct")}@test.podium`, name: "New Account", password: "pw-0123456789", role: "ADMIN" as const };
}

describeEachDatabase("the system actor and role checks in lib/", (env) => {
  it("refuses to create an account for a labeler actor and creates nothing", async () => {
    const labeler = asActor(await createTestUser(env.db));
    const account = newAccount();
    await expect(createUser({ db: env.db, actor: labeler, ...account })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await env.db.user.count({ where: { email: account.email } })).toBe(0);
  });

  it("refuses a call without an actor, instead of skipping the check", async () => {
    const account = newAccount();
    const missing = null as unknown as Actor;
    await expect(createUser({ db: env.db, actor: missing, ...account })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await env.db.user.count({ where: { email: account.email } })).toBe(0);
  });

  it("creates an account for the system actor (the CLI and set-up) and for an admin", async () => {
    const bySystem = newAccount();
    await expect(createUser({ db: env.db, actor: SYSTEM_ACTOR, ...bySystem })).resolves.toMatchObject({ email: bySystem.email, role: "ADMIN" });
    const admin = asActor(await createTestUser(env.db, { role: "ADMIN" }));
    const byAdmin = newAccount();
    await expect(createUser({ db: env.db, actor: admin, ...byAdmin, role: "LABELER" })).resolves.toMatchObject({ email: byAdmin.email });
  });

  it("creates an API token for a named account as the system actor, and needs the account named", async () => {
    const owner = await createTestUser(env.db);
    const token = await createApiToken({ db: env.db, actor: SYSTEM_ACTOR, userId: owner.id, name: "script" });
    expect(token.userId).toBe(owner.id);
    await expect(createApiToken({ db: env.db, actor: SYSTEM_ACTOR, name: "nobody's" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(createApiToken({ db: env.db, actor: asActor(owner), userId: owner.id, name: "self" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await env.db.apiToken.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("lets the system actor list accounts and refuses a labeler", async () => {
    const labeler = asActor(await createTestUser(env.db));
    expect((await listUsers({ db: env.db, actor: SYSTEM_ACTOR })).some((u) => u.id === labeler.id)).toBe(true);
    await expect(listUsers({ db: env.db, actor: labeler })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
