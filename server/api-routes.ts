// The /api/v1 route table, read from the App Router's files (app/api/v1/**/route.ts and the HTTP methods each
// exports), so the web server answers an unknown API path with a JSON 404 and a method a route does not have with
// a JSON 405 and its Allow header, where Next.js would answer with an HTML page or an empty body.
import fs from "node:fs";
import path from "node:path";

export interface ApiRoute {
  /** e.g. "/api/v1/tasks/[id]/ranking" */
  path: string;
  pattern: RegExp;
  /** The methods the route answers: its exports, HEAD with GET, and OPTIONS (Next.js answers it). */
  methods: string[];
}

const EXPORTED_METHOD = /export\s+(?:const|(?:async\s+)?function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g;

export function loadApiRoutes(appDir: string): ApiRoute[] {
  const base = path.join(appDir, "api", "v1");
  const files = (fs.readdirSync(base, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts");
  const routes = files.map((file) => {
    const segments = path.dirname(file).split(path.sep).filter((s) => s !== ".");
    const source = fs.readFileSync(path.join(base, file), "utf8");
    const methods = new Set([...source.matchAll(EXPORTED_METHOD)].map((m) => m[1] as string));
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    const pattern = segments
      .map((s) => (/^\[\.\.\..+\]$/.test(s) ? "/.+" : /^\[.+\]$/.test(s) ? "/[^/]+" : `/${escapeRegExp(s)}`))
      .join("");
    return { path: `/api/v1/${segments.join("/")}`, pattern: new RegExp(`^/api/v1${pattern}$`), methods: [...methods].sort() };
  });
  // Static segments before dynamic ones, as Next.js matches them.
  return routes.sort((a, b) => dynamicCount(a.path) - dynamicCount(b.path));
}

export function matchApiRoute(routes: ApiRoute[], pathname: string): ApiRoute | null {
  return routes.find((r) => r.pattern.test(pathname)) ?? null;
}

function dynamicCount(p: string): number {
  return (p.match(/\[/g) ?? []).length;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
