/** What verification checks on a live stack, one spec per check; each attempt never throws. */
import { canary } from './canary';
import type { StackEndpoints } from './endpoints';
import { expectStatus, joinUrl, parseJson, type Attempt, type Http } from './http';
import { summariseTargets } from './targets';

/** Grafana's /api/health body: ok when the database reports "ok". */
export function grafanaHealthy(body: unknown): Attempt {
  const database = (body as { database?: unknown } | null)?.database;
  return database === 'ok'
    ? { ok: true, detail: 'database ok' }
    : { ok: false, detail: `database is ${JSON.stringify(database ?? null)}, expected "ok"` };
}

export interface CheckSpec {
  name: string;
  attempt: (http: Http) => Promise<Attempt>;
}

/** The names of the checks for these endpoints, in report order. */
export function checkNames(endpoints: StackEndpoints): string[] {
  return checkSpecs(endpoints).map((c) => c.name);
}

/** The checks for these endpoints, in report order; Grafana's only when the stack has one. */
export function checkSpecs(e: StackEndpoints): CheckSpec[] {
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
