/**
 * The HTTP side of verification: one request never throws (a network error is a failed attempt
 * naming the method, URL and error code), and details quote a bounded excerpt of the body.
 */

/** The outcome of one attempt of one check. */
export interface Attempt {
  ok: boolean;
  detail: string;
}

/** Removes trailing slashes so paths can be appended. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** A single-line, bounded excerpt of a response body for a detail message. */
export function snippet(body: string, max = 200): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The most specific code of a fetch failure: ECONNREFUSED, ENOTFOUND, TimeoutError, … */
export function errorCode(err: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string' && e.code !== '') return e.code;
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      const inner = errorCode(e.errors[0]);
      if (inner !== 'Error') return inner;
    }
    if (e.cause === undefined) {
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return e.name;
      break;
    }
    current = e.cause;
  }
  if (err instanceof Error) return err.name === 'Error' ? err.message || 'Error' : err.name;
  return String(err);
}

/** "GET http://x/health/ready failed: ECONNREFUSED" */
export function networkFailure(method: string, url: string, err: unknown): string {
  return `${method} ${url} failed: ${errorCode(err)}`;
}

/** Never throws: a network error is returned as `error`. */
export interface Http {
  request(
    method: string,
    url: string,
    body?: Uint8Array,
  ): Promise<{ status: number; bytes: Uint8Array; text: () => string } | { error: string }>;
}

export function httpClient(fetchImpl: typeof fetch, requestTimeoutMs: () => number): Http {
  return {
    async request(method, url, body) {
      try {
        const res = await fetchImpl(url, {
          method,
          ...(body ? { body, headers: { 'content-type': 'application/octet-stream' } } : {}),
          signal: AbortSignal.timeout(requestTimeoutMs()),
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        return { status: res.status, bytes, text: () => new TextDecoder().decode(bytes) };
      } catch (err) {
        return { error: networkFailure(method, url, err) };
      }
    },
  };
}

export type Response = Exclude<Awaited<ReturnType<Http['request']>>, { error: string }>;

/**
 * One request that should answer `expected` (GET unless `request` says otherwise); the detail
 * names the URL and the status or error, and `status` is set when it answered something else.
 */
export async function expectStatus(
  http: Http,
  url: string,
  expected = 200,
  request: { readonly method?: string; readonly body?: Uint8Array } = {},
): Promise<Attempt & { body?: Response; status?: number }> {
  const method = request.method ?? 'GET';
  const res = await http.request(method, url, request.body);
  if ('error' in res) return { ok: false, detail: res.error };
  if (res.status !== expected)
    return {
      ok: false,
      status: res.status,
      detail: `${method} ${url} → ${res.status} (expected ${expected}): ${snippet(res.text())}`,
    };
  return { ok: true, detail: `${method} ${url} → ${res.status}`, body: res };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
