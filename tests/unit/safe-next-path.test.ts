import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/safe-next-path";

const ORIGIN = "https://podium.example";

/** What a browser would do with the result: resolve it against the page's origin. */
function staysHome(path: string): boolean {
  return new URL(path, ORIGIN).origin === ORIGIN;
}

const HOSTILE = [
  "//evil.example",
  "//evil.example/path",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/%5Cevil.example",
  "/%5c/evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/\t/evil.example/",
  "/\n/evil.example/",
  "/\r/evil.example/",
  "/\r\n/evil.example/",
  "/\u0000/evil.example/",
  "/%09/evil.example/",
  "/%0A/evil.example/",
  "/%0D/evil.example/",
  "/%00/evil.example/",
  "/x\ty",
  "/ok\u007f",
  "\t//evil.example",
  " //evil.example",
  "/.//evil.example",
  "/%2E//evil.example",
  "/a/../..//evil.example",
  "https://evil.example",
  "http://evil.example/login",
  "https:evil.example",
  "HTTPS://EVIL.EXAMPLE",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "",
  "%",
  "/%E0%A4%A",
  "/?q=%ZZ",
  `/${"a".repeat(2048)}`,
];

describe("safeNextPath", () => {
  it.each(HOSTILE)("refuses %j", (value) => {
    expect(safeNextPath(value)).toBeNull();
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 42, ["/label"], { toString: () => "/label" }]) expect(safeNextPath(value)).toBeNull();
  });

  it.each([
    ["/label", "/label"],
    ["/admin/jobs/abc123", "/admin/jobs/abc123"],
    ["/label?from=mail&x=1#top", "/label?from=mail&x=1#top"],
    ["/admin/jobs?status=QUEUED%2CRUNNING", "/admin/jobs?status=QUEUED%2CRUNNING"],
    ["/../../etc", "/etc"],
    ["/été", "/%C3%A9t%C3%A9"],
    ["/a b", "/a%20b"],
  ])("keeps the same-origin path %j as %j", (value, expected) => {
    expect(safeNextPath(value)).toBe(expected);
  });

  it("gives, for any string, null or a path that stays on the origin and fits in a Location header", () => {
    const interesting = fc.constantFrom("/", "\\", "%", "%2F", "%5C", "%0A", "%09", "\t", "\n", "\r", "\u0000", ".", ":", "@", "?", "#", " ", "evil.example", "http:", "é");
    const candidates = fc.oneof(fc.string(), fc.array(interesting, { maxLength: 12 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(candidates, (value) => {
        const path = safeNextPath(value);
        if (path === null) return true;
        return (
          path.startsWith("/") &&
          !path.startsWith("//") &&
          staysHome(path) &&
          staysHome(decodeURIComponent(path)) &&
          /^[\x21-\x7e]*$/.test(path) &&
          safeNextPath(path) === path
        );
      }),
      { numRuns: 5000 },
    );
  });
});
