import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { API_TOKEN_PREFIX, hashSecret, newSecret } from "@/lib/auth/secret";
import { ZLoginRequest } from "@/lib/auth/login";
import { ZCreateUserRequest } from "@/lib/users/create-user";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("salts every hash, so the same password hashes differently", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain")).toBe(false);
    expect(await verifyPassword("x", "scrypt$0$0$0$$")).toBe(false);
  });
});

describe("secrets and tokens", () => {
  it("makes unguessable prefixed tokens and stores only a SHA-256 hex digest", () => {
    const a = newSecret(API_TOKEN_PREFIX);
    const b = newSecret(API_TOKEN_PREFIX);
    expect(a).not.toBe(b);
    expect(a.startsWith("pdm_")).toBe(true);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(a)).toBe(hashSecret(a));
    expect(hashSecret(a)).not.toBe(hashSecret(b));
  });
});

describe("request schemas", () => {
  it("normalises the login email and rejects unknown fields", () => {
    expect(ZLoginRequest.parse({ email: " Admin@Example.COM ", password: "x" }).email).toBe("admin@example.com");
    expect(ZLoginRequest.safeParse({ email: "a@b.io", password: "x", remember: true }).success).toBe(false);
    expect(ZLoginRequest.safeParse({ email: "nope", password: "x" }).success).toBe(false);
  });

  it("defaults new users to LABELER and requires a 10-character password", () => {
    expect(ZCreateUserRequest.parse({ email: "a@b.io", name: "A", password: "0123456789" }).role).toBe("LABELER");
    const short = ZCreateUserRequest.safeParse({ email: "a@b.io", name: "A", password: "short" });
    expect(short.success).toBe(false);
    expect(ZCreateUserRequest.safeParse({ email: "a@b.io", name: "A", password: "0123456789", role: "ROOT" }).success).toBe(false);
  });
});
