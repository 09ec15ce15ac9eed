/**
 * The network boundary for tests: a stand-in for `fetch` that answers like the real API, from responses
 * recorded from the backend (tests/fixtures/api, made by scripts/record_api_fixtures.py).
 */
import { vi } from "vitest";

export interface Answer {
  status: number;
  body: unknown;
}

/** Answer with the server unreachable, as a browser's fetch does when the API is down. */
export const NETWORK_DOWN = "network-down" as const;
type Reply = Answer | typeof NETWORK_DOWN;

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

/** A fake API: register answers per "METHOD /path"; the last answer for a route repeats. */
export class FakeApi {
  /** The fake installed by the running test; tests/setup.ts fails the test if it got calls it had no answer for. */
  static current: FakeApi | null = null;
  readonly calls: Call[] = [];
  readonly unexpected: string[] = [];
  private readonly routes = new Map<string, Reply[]>();

  /** Queue answers for `METHOD /path` (query string ignored). */
  on(method: string, path: string, ...replies: Reply[]): this {
    this.routes.set(`${method} ${path}`, replies);
    return this;
  }

  /** True when answers were registered for `METHOD /path`. */
  has(method: string, path: string): boolean {
    return this.routes.has(`${method} ${path}`);
  }

  /** The calls made to one route, in order. */
  callsTo(method: string, path: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  /** Replace the global fetch with this fake for the current test. */
  install(): this {
    vi.stubGlobal("fetch", (input: Request) => this.handle(input));
    FakeApi.current = this;
    return this;
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = request.method === "GET" || request.method === "DELETE" ? "" : await request.text();
    this.calls.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    const key = `${request.method} ${url.pathname}`;
    const replies = this.routes.get(key);
    if (!replies || replies.length === 0) {
      this.unexpected.push(key);
      return json({ status: 500, body: { detail: `FakeApi has no answer for ${key}` } });
    }
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply === NETWORK_DOWN) throw new TypeError("Failed to fetch");
    return json(reply);
  }
}

function json({ status, body }: Answer): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A copy of a recorded answer with the body changed, for states the recorder cannot reach. */
export function withBody<T>(answer: { status: number; body: T }, change: (body: T) => T): Answer {
  return { status: answer.status, body: change(structuredClone(answer.body)) };
}
