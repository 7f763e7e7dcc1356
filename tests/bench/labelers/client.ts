// A minimal HTTP client for the benchmark (the integration harness imports vitest): one session cookie, Origin set
// like Podium's own pages, JSON in and out.
export interface BenchResponse<T> {
  status: number;
  body: T;
  text: string;
}

export class BenchClient {
  private cookie = "";

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.baseUrl },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    this.cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }

  get<T>(path: string): Promise<BenchResponse<T>> {
    return this.request<T>("GET", path);
  }

  post<T>(path: string, body: unknown): Promise<BenchResponse<T>> {
    return this.request<T>("POST", path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<BenchResponse<T>> {
    const headers: Record<string, string> = { origin: this.baseUrl, cookie: this.cookie };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, text };
  }
}
