// The /api/v1 route table, read from the App Router's files (app/api/v1/**/route.ts and the HTTP methods each
// exports), so the web server answers an unknown API path with a JSON 404 and a method a route does not have with
// a JSON 405 and its Allow header, where Next.js would answer with an HTML page or an empty body.
import fs from "node:fs";
import path from "node:path";

export interface ApiRoute {
  /** e.g. "/api/v1/tasks/[id]/ranking" */
  path: string;
  /** Path segments after /api/v1: a fixed name, or null for a dynamic one ([id]). */
  segments: (string | null)[];
  /** The methods the route answers: its exports, HEAD with GET, and OPTIONS (Next.js answers it). */
  methods: string[];
}

const EXPORTED_METHOD = /export\s+(?:const|(?:async\s+)?function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g;

export function loadApiRoutes(appDir: string): ApiRoute[] {
  const base = path.join(appDir, "api", "v1");
  const files = (fs.readdirSync(base, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts");
  const routes = files.map((file) => {
    const dirs = path.dirname(file).split(path.sep).filter((s) => s !== ".");
    const source = fs.readFileSync(path.join(base, file), "utf8");
    const methods = new Set([...source.matchAll(EXPORTED_METHOD)].map((m) => m[1] as string));
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    return {
      path: `/api/v1/${dirs.join("/")}`,
      segments: dirs.map((d) => (/^\[.+\]$/.test(d) ? null : d)),
      methods: [...methods].sort(),
    };
  });
  // Fixed segments before dynamic ones, as Next.js matches them (tasks/next before tasks/[id]).
  return routes.sort((a, b) => dynamicCount(a) - dynamicCount(b));
}

/** The route for a path under /api/v1 (segments compared %-decoded, as Next.js routes them), or null. */
export function matchApiRoute(routes: ApiRoute[], pathname: string): ApiRoute | null {
  const parts = pathname.replace(/^\/api\/v1\/?/, "").split("/").map(decodeURIComponent);
  return (
    routes.find((r) => r.segments.length === parts.length && r.segments.every((s, i) => s === null ? parts[i] !== "" : s === parts[i])) ??
    null
  );
}

function dynamicCount(route: ApiRoute): number {
  return route.segments.filter((s) => s === null).length;
}
