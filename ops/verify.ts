/**
 * Live-stack verification (ARCHITECTURE.md, data flow step 5): after `up`, the deploy flow checks
 * the endpoints from the stack's outputs and rolls back when this report is not ok.
 * `npm run verify -- --stack <name>` runs it alone. Every check retries until it passes or the
 * overall timeout runs out; network errors become failed checks, never exceptions.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StackEndpoints {
  appUrl: string;
  minioApiUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  grafanaUrl?: string;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

export interface VerifyReport {
  ok: boolean;
  checks: CheckResult[];
}

export interface VerifyOptions {
  /** Overall budget for every check, retries included (default 120 s). */
  timeoutMs?: number;
  /** Pause between the attempts of one check (default 2 s). */
  intervalMs?: number;
  fetchImpl?: typeof fetch;
  /** Called once per check, with its final result. */
  onProgress?: (check: CheckResult) => void;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_INTERVAL_MS = 2_000;
/** One request never waits longer than this, so a hung endpoint still leaves time for retries. */
const MAX_REQUEST_MS = 10_000;
const MIN_REQUEST_MS = 1_000;
export const CANARY_PREFIX = '.datahub-canary/';

/** The outcome of one attempt of one check. */
export interface Attempt {
  ok: boolean;
  detail: string;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers
// ---------------------------------------------------------------------------------------------

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

export interface TargetSummary {
  ok: boolean;
  total: number;
  notUp: { job: string; instance: string; health: string; lastError: string }[];
  detail: string;
}

interface TargetsBody {
  status?: string;
  data?: {
    activeTargets?: {
      labels?: Record<string, string>;
      scrapePool?: string;
      scrapeUrl?: string;
      health?: string;
      lastError?: string;
    }[];
  };
}

/** Summarises Prometheus' /api/v1/targets: ok only when there are active targets and all are "up". */
export function summariseTargets(body: unknown): TargetSummary {
  const parsed = (body ?? {}) as TargetsBody;
  const active = parsed.data?.activeTargets;
  if (parsed.status !== 'success' || !Array.isArray(active)) {
    return { ok: false, total: 0, notUp: [], detail: `unexpected targets response: ${snippet(JSON.stringify(body))}` };
  }
  if (active.length === 0) return { ok: false, total: 0, notUp: [], detail: 'Prometheus has no active targets' };
  const notUp = active
    .filter((t) => t.health !== 'up')
    .map((t) => ({
      job: t.labels?.job ?? t.scrapePool ?? '?',
      instance: t.labels?.instance ?? t.scrapeUrl ?? '?',
      health: t.health ?? 'unknown',
      lastError: t.lastError ?? '',
    }));
  if (notUp.length === 0) {
    const jobs = [...new Set(active.map((t) => t.labels?.job ?? t.scrapePool ?? '?'))].sort();
    return { ok: true, total: active.length, notUp, detail: `all ${active.length} targets up (${jobs.join(', ')})` };
  }
  const listed = notUp
    .map((t) => `${t.job} (${t.instance}) ${t.health}${t.lastError ? `: ${t.lastError}` : ' (not scraped yet)'}`)
    .join('; ');
  return {
    ok: false,
    total: active.length,
    notUp,
    detail: `${notUp.length} of ${active.length} targets not up: ${listed}`,
  };
}

/** Grafana's /api/health body: ok when the database reports "ok". */
export function grafanaHealthy(body: unknown): Attempt {
  const database = (body as { database?: unknown } | null)?.database;
  return database === 'ok'
    ? { ok: true, detail: 'database ok' }
    : { ok: false, detail: `database is ${JSON.stringify(database ?? null)}, expected "ok"` };
}

/** Stack outputs (as `pulumi stack output --json` prints them) → the endpoints to verify. */
export function endpointsFromOutputs(outputs: Record<string, unknown>): StackEndpoints {
  const required = ['appUrl', 'minioApiUrl', 'prometheusUrl', 'alertmanagerUrl'] as const;
  const missing = required.filter((k) => typeof outputs[k] !== 'string' || outputs[k] === '');
  if (missing.length > 0) throw new Error(`stack outputs lack ${missing.join(', ')}`);
  const grafana = outputs.grafanaUrl;
  return {
    appUrl: outputs.appUrl as string,
    minioApiUrl: outputs.minioApiUrl as string,
    prometheusUrl: outputs.prometheusUrl as string,
    alertmanagerUrl: outputs.alertmanagerUrl as string,
    ...(typeof grafana === 'string' && grafana !== '' ? { grafanaUrl: grafana } : {}),
  };
}

const ENDPOINT_KEYS = ['appUrl', 'minioApiUrl', 'prometheusUrl', 'alertmanagerUrl', 'grafanaUrl'] as const;

/**
 * `DATAHUB_VERIFY_URLS`: a JSON object that replaces some output URLs for verification, for
 * endpoints this machine reaches another way than the stack says (a Kubernetes stack's in-cluster
 * `*.svc` URLs through `kubectl port-forward`). Throws naming the variable and the fix.
 */
export function verifyUrlOverrides(raw: string | undefined): Partial<Record<(typeof ENDPOINT_KEYS)[number], string>> {
  if (raw === undefined || raw.trim() === '') return {};
  const fix = `e.g. DATAHUB_VERIFY_URLS='{"prometheusUrl":"http://127.0.0.1:9090"}' (keys: ${ENDPOINT_KEYS.join(', ')})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`DATAHUB_VERIFY_URLS is not JSON: ${fix}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`DATAHUB_VERIFY_URLS must be a JSON object: ${fix}`);
  }
  const out: Partial<Record<(typeof ENDPOINT_KEYS)[number], string>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(ENDPOINT_KEYS as readonly string[]).includes(key)) {
      throw new Error(`DATAHUB_VERIFY_URLS has an unknown key "${key}": ${fix}`);
    }
    if (typeof value !== 'string' || !/^https?:\/\/./.test(value)) {
      throw new Error(`DATAHUB_VERIFY_URLS.${key} must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
    out[key as (typeof ENDPOINT_KEYS)[number]] = value;
  }
  return out;
}

/** One line per check, for the CLI and the deploy log. */
export function formatReport(report: VerifyReport): string {
  const lines = report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.name} (${c.ms} ms): ${c.detail}`);
  lines.push(verdict(report));
  return lines.join('\n');
}

/** The report's last line: passed, or which checks failed. */
export function verdict(report: VerifyReport): string {
  return report.ok ? 'verification passed' : `verification FAILED: ${failedChecks(report).join(', ')}`;
}

export function failedChecks(report: VerifyReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

interface Http {
  /** Never throws: a network error is returned as `error`. */
  request(
    method: string,
    url: string,
    body?: Uint8Array,
  ): Promise<{ status: number; bytes: Uint8Array; text: () => string } | { error: string }>;
}

function httpClient(fetchImpl: typeof fetch, requestTimeoutMs: () => number): Http {
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

/** GET url and expect `expected`; the detail names the URL and status or error. */
async function expectStatus(
  http: Http,
  url: string,
  expected = 200,
): Promise<Attempt & { body?: { text: () => string } }> {
  const res = await http.request('GET', url);
  if ('error' in res) return { ok: false, detail: res.error };
  if (res.status !== expected)
    return { ok: false, detail: `GET ${url} → ${res.status} (expected ${expected}): ${snippet(res.text())}` };
  return { ok: true, detail: `GET ${url} → ${res.status}`, body: res };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function canary(http: Http, appUrl: string): Promise<Attempt> {
  const key = `${CANARY_PREFIX}${Date.now()}-${randomBytes(8).toString('hex')}`;
  const url = joinUrl(appUrl, `/objects/${key}`);
  const payload = new Uint8Array(randomBytes(1024));
  const steps: string[] = [];
  let ok = true;

  const put = await http.request('PUT', url, payload);
  let mayExist = true;
  if ('error' in put) {
    ok = false;
    steps.push(put.error);
  } else if (put.status !== 201) {
    ok = false;
    mayExist = put.status >= 200 && put.status < 300;
    steps.push(`PUT ${url} → ${put.status} (expected 201): ${snippet(put.text())}`);
  } else {
    steps.push('PUT 201');
    const get = await http.request('GET', url);
    if ('error' in get) {
      ok = false;
      steps.push(get.error);
    } else if (get.status !== 200) {
      ok = false;
      steps.push(`GET ${url} → ${get.status} (expected 200): ${snippet(get.text())}`);
    } else if (Buffer.compare(Buffer.from(get.bytes), Buffer.from(payload)) !== 0) {
      ok = false;
      steps.push(
        `GET ${url} → 200 but returned ${get.bytes.length} bytes that differ from the ${payload.length} written`,
      );
    } else {
      steps.push('GET 200, bytes identical');
    }
  }

  // Always clean up what may have been written, whatever GET said.
  if (mayExist) {
    const del = await http.request('DELETE', url);
    if ('error' in del) {
      ok = false;
      steps.push(del.error);
    } else if (del.status !== 204) {
      ok = false;
      steps.push(`DELETE ${url} → ${del.status} (expected 204): ${snippet(del.text())}`);
    } else {
      steps.push('DELETE 204');
    }
  }
  return { ok, detail: `${key}: ${steps.join('; ')}` };
}

interface CheckSpec {
  name: string;
  attempt: (http: Http) => Promise<Attempt>;
}

/** The checks for these endpoints, in report order. */
export function checkNames(endpoints: StackEndpoints): string[] {
  return checkSpecs(endpoints).map((c) => c.name);
}

function checkSpecs(e: StackEndpoints): CheckSpec[] {
  const specs: CheckSpec[] = [
    { name: 'app-ready', attempt: (http) => expectStatus(http, joinUrl(e.appUrl, '/health/ready')) },
    { name: 'canary-object', attempt: (http) => canary(http, e.appUrl) },
    {
      name: 'minio-health',
      attempt: async (http) => {
        const results = await Promise.all(
          ['/minio/health/live', '/minio/health/ready'].map((p) => expectStatus(http, joinUrl(e.minioApiUrl, p))),
        );
        const failed = results.filter((r) => !r.ok);
        return failed.length === 0
          ? { ok: true, detail: 'live and ready → 200' }
          : { ok: false, detail: failed.map((r) => r.detail).join('; ') };
      },
    },
    { name: 'prometheus-ready', attempt: (http) => expectStatus(http, joinUrl(e.prometheusUrl, '/-/ready')) },
    {
      name: 'prometheus-targets',
      attempt: async (http) => {
        const res = await expectStatus(http, joinUrl(e.prometheusUrl, '/api/v1/targets'));
        if (!res.body) return res;
        return summariseTargets(parseJson(res.body.text()));
      },
    },
    { name: 'alertmanager-ready', attempt: (http) => expectStatus(http, joinUrl(e.alertmanagerUrl, '/-/ready')) },
  ];
  const grafanaUrl = e.grafanaUrl;
  if (grafanaUrl) {
    specs.push({
      name: 'grafana-health',
      attempt: async (http) => {
        const url = joinUrl(grafanaUrl, '/api/health');
        const res = await expectStatus(http, url);
        if (!res.body) return res;
        const health = grafanaHealthy(parseJson(res.body.text()));
        return { ok: health.ok, detail: `GET ${url} → 200, ${health.detail}` };
      },
    });
  }
  return specs;
}

/** Retries one check until it passes or the deadline passes; at least one attempt is always made. */
async function runCheck(
  spec: CheckSpec,
  deadline: number,
  intervalMs: number,
  fetchImpl: typeof fetch,
): Promise<CheckResult> {
  const started = Date.now();
  const requestTimeout = () => Math.min(MAX_REQUEST_MS, Math.max(MIN_REQUEST_MS, deadline - Date.now()));
  const http = httpClient(fetchImpl, requestTimeout);
  let attempts = 0;
  for (;;) {
    attempts++;
    let outcome: Attempt;
    try {
      outcome = await spec.attempt(http);
    } catch (err) {
      outcome = { ok: false, detail: `check failed unexpectedly: ${errorCode(err)}` };
    }
    const remaining = deadline - Date.now();
    if (outcome.ok || remaining <= 0) {
      const suffix = outcome.ok ? '' : ` (after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
      return { name: spec.name, ok: outcome.ok, detail: `${outcome.detail}${suffix}`, ms: Date.now() - started };
    }
    await sleep(Math.min(intervalMs, remaining));
  }
}

/** Verifies a live stack from its endpoints; the checks run concurrently and share one deadline. */
export async function verifyStack(endpoints: StackEndpoints, options: VerifyOptions = {}): Promise<VerifyReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const fetchImpl = options.fetchImpl ?? fetch;
  const deadline = Date.now() + timeoutMs;
  const checks = await Promise.all(
    checkSpecs(endpoints).map(async (spec) => {
      const result = await runCheck(spec, deadline, intervalMs, fetchImpl);
      try {
        options.onProgress?.(result);
      } catch {
        // A broken progress reporter must not fail verification.
      }
      return result;
    }),
  );
  return { ok: checks.every((c) => c.ok), checks };
}
