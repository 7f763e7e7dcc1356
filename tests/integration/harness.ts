// What integration tests share: the servers of the global setup (one per database), a Prisma client on each
// server's database, and an HTTP client with a cookie jar that behaves like Podium's own pages.
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";

export interface DatabaseEnv {
  kind: DbKind;
  baseUrl: string;
  databaseUrl: string;
  /** A Prisma client on the server's database (opened in beforeAll). */
  db: Db;
}

/** Declares the suite once per database (SQLite and PostgreSQL), each against its own production server. */
export function describeEachDatabase(name: string, body: (env: DatabaseEnv) => void): void {
  for (const server of inject("servers")) {
    describe(`${name} [${server.kind}]`, () => {
      const env = { ...server } as DatabaseEnv;
      beforeAll(async () => {
        env.db = await openDb({ url: server.databaseUrl, poolSize: 4 });
      });
      afterAll(async () => {
        await env.db?.$disconnect();
      });
      body(env);
    });
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** An HTTP client with a cookie jar; sends Origin like a browser on Podium's pages, or a bearer token. */
export class ApiClient {
  private cookies = new Map<string, string>();
  private token: string | null = null;
  private origin: string | null;

  constructor(
    readonly baseUrl: string,
    options: { origin?: string | null } = {},
  ) {
    this.origin = options.origin === undefined ? baseUrl : options.origin;
  }

  withToken(token: string): this {
    this.token = token;
    return this;
  }

  async login(email: string, password: string): Promise<ApiResponse> {
    const res = await this.post("/api/v1/auth/login", { email, password });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${res.text}`);
    return res;
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>("GET", path);
  }

  post<T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>("POST", path, body, headers);
  }

  delete<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>("DELETE", path);
  }

  /** body: an object is sent as JSON, a string as is. */
  async request<T = unknown>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.origin) headers.origin = this.origin;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    Object.assign(headers, extra);
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      headers["content-type"] ??= typeof body === "string" ? "text/plain" : "application/json";
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (e.g. a JSONL export); keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
}
