import { describe, expect, it } from "vitest";
import { clearedCookie, readCookie, sessionCookie } from "@/lib/http/cookies";
import { clientIp } from "@/lib/http/request-info";
import { parseConfig } from "@/lib/config";

function request(headers: Record<string, string>): Request {
  return new Request("http://podium.test/api/v1/auth/login", { headers });
}

describe("clientIp", () => {
  it("is the socket peer (the last X-Forwarded-For entry, which the web server appends) with no trusted proxy", () => {
    expect(clientIp(request({ "x-forwarded-for": "203.0.113.9" }), { trustedProxyHops: 0 })).toBe("203.0.113.9");
    expect(clientIp(request({ "x-forwarded-for": "198.51.100.1, 198.51.100.2, 203.0.113.9" }), { trustedProxyHops: 0 })).toBe("203.0.113.9");
  });

  it("is the n-th entry from the right behind n trusted proxies, whatever the client put further left", () => {
    const chain = "10.6.6.6, 198.51.100.1, 203.0.113.7, 192.0.2.1";
    expect(clientIp(request({ "x-forwarded-for": chain }), { trustedProxyHops: 1 })).toBe("203.0.113.7");
    expect(clientIp(request({ "x-forwarded-for": chain }), { trustedProxyHops: 2 })).toBe("198.51.100.1");
    // Fewer entries than proxies (a request that came past them): the leftmost, never an index off the end.
    expect(clientIp(request({ "x-forwarded-for": "192.0.2.1" }), { trustedProxyHops: 3 })).toBe("192.0.2.1");
  });

  it("never reads X-Real-IP, and says unknown without X-Forwarded-For", () => {
    expect(clientIp(request({ "x-real-ip": "198.51.100.1" }), { trustedProxyHops: 0 })).toBe("unknown");
    expect(clientIp(request({ "x-forwarded-for": " , " }), { trustedProxyHops: 0 })).toBe("unknown");
    expect(clientIp(request({ "x-real-ip": "198.51.100.1", "x-forwarded-for": "203.0.113.9" }), { trustedProxyHops: 0 })).toBe("203.0.113.9");
  });

  it("reads an IPv4 peer of a dual-stack socket as the IPv4 address, and caps the length", () => {
    expect(clientIp(request({ "x-forwarded-for": "::ffff:203.0.113.9" }), { trustedProxyHops: 0 })).toBe("203.0.113.9");
    expect(clientIp(request({ "x-forwarded-for": "2001:db8::1" }), { trustedProxyHops: 0 })).toBe("2001:db8::1");
    expect(clientIp(request({ "x-forwarded-for": "x".repeat(500) }), { trustedProxyHops: 0 })).toHaveLength(64);
  });

  it("takes PODIUM_TRUSTED_PROXY_HOPS from the environment: 0 by default, a whole number up to 16", () => {
    expect(parseConfig({}).PODIUM_TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseConfig({ PODIUM_TRUSTED_PROXY_HOPS: "2" }).PODIUM_TRUSTED_PROXY_HOPS).toBe(2);
    for (const bad of ["-1", "1.5", "17", "one"]) {
      expect(() => parseConfig({ PODIUM_TRUSTED_PROXY_HOPS: bad })).toThrow(/PODIUM_TRUSTED_PROXY_HOPS/);
    }
    expect(clientIp(request({ "x-forwarded-for": "198.51.100.1, 203.0.113.9" }))).toBe("203.0.113.9");
  });
});

describe("cookies", () => {
  it("reads a cookie among others, %-decoded", () => {
    expect(readCookie(request({ cookie: "a=1; podium_session=abc%2Fdef; b=2" }), "podium_session")).toBe("abc/def");
    expect(readCookie(request({ cookie: "a=1" }), "podium_session")).toBeNull();
    expect(readCookie(request({}), "podium_session")).toBeNull();
  });

  it("reads a value with a malformed %-escape as no cookie, without throwing", () => {
    for (const value of ["%E0%A4%A", "%ZZ", "%", "abc%FF%FEdef"]) {
      expect(readCookie(request({ cookie: `podium_session=${value}` }), "podium_session")).toBeNull();
    }
    expect(readCookie(request({ cookie: "theme=%E0%A4%A; podium_session=ok" }), "podium_session")).toBe("ok");
  });

  it("writes an HttpOnly, SameSite=Lax session cookie for the whole site, and clears it with a date in 1970", () => {
    const set = sessionCookie("podium_session", "s3cr/et", new Date("2030-01-02T03:04:05Z"));
    expect(set).toMatch(/^podium_session=s3cr%2Fet;/);
    expect(set).toContain("Path=/");
    expect(set).toContain("HttpOnly");
    expect(set).toContain("SameSite=Lax");
    expect(set).toContain("Expires=Wed, 02 Jan 2030 03:04:05 GMT");
    expect(clearedCookie("podium_session")).toMatch(/^podium_session=; .*Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
  });
});
