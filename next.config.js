// Next.js configuration: security headers on every response; server-only packages kept out of the bundle.
// The same headers go on the responses of the web server's fast lane (server/fast-lane.ts).
const policy = require("./lib/http/security-headers.json");
// Next.js inlines its bootstrap scripts; 'unsafe-eval' only in development (React refresh).
const csp = policy.contentSecurityPolicy.map((d) =>
  d.startsWith("script-src") && process.env.NODE_ENV === "development" ? `${d} 'unsafe-eval'` : d,
);
const securityHeaders = [...policy.headers, { key: "Content-Security-Policy", value: csp.join("; ") }];

/** @type {import('next').NextConfig} */
module.exports = {
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (tsc over the whole repository, tests and workers included) in
  // the test command; the build itself does not repeat it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};
