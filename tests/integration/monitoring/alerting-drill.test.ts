/**
 * The monitoring as it runs: a real Prometheus loads the dev stack's rendered config and rules
 * and scrapes the real app backed by a real MinIO; a real Alertmanager delivers to a webhook
 * run here. MinIO is stopped and started again; every alert's timeline is recorded and written
 * to artifacts/alerts/ as evidence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseStackConfig, type StackConfig } from '../../../infra/config';
import { startApp, type AppUnderTest } from '../../support/app-under-test';
import { MinioServer } from '../../support/minio-server';
import { dashboardQueries } from '../../../infra/monitoring/dashboards';
import {
  prometheusAlerts,
  prometheusQuery,
  startLocalMonitoring,
  type LocalMonitoring,
  startWebhookReceiver,
  type Delivery,
} from '../../support/monitoring-servers';
import { REPO, stackConfig } from '../../support/pulumi-program';
import { waitFor } from '../../support/wait-for';

jest.setTimeout(420_000);

const DELIVERED = ['MinIODown', 'AppNotReady', 'AppHighErrorRatio'];
/** Warnings of a service whose critical alert is firing: they fire in Prometheus, Alertmanager inhibits them. */
const INHIBITED = ['AppStorageErrors'];
const WATCHED = [...DELIVERED, ...INHIBITED];

interface Timeline {
  pendingAt?: number;
  firingAt?: number;
  deliveredAt?: number;
  resolvedAt?: number;
  resolvedDeliveredAt?: number;
}

let minio: MinioServer;
let app: AppUnderTest;
let prometheus: LocalMonitoring['prometheus'];
let alertmanager: LocalMonitoring['alertmanager'];
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let monitoring: LocalMonitoring;
let traffic: NodeJS.Timeout | undefined;
let config: StackConfig;

const timelines = new Map<string, Timeline>(WATCHED.map((a) => [a, {}]));
let faultAt = 0;
let recoverAt = 0;

/** Steady client traffic (about 10 requests per second), so ratio alerts have something to measure. */
function startTraffic(): void {
  let n = 0;
  traffic = setInterval(() => {
    n++;
    const key = `drill/object-${n % 20}`;
    const request =
      n % 2 === 0
        ? fetch(`${app.url}/objects/${key}`, { method: 'PUT', body: `payload ${n}` })
        : fetch(`${app.url}/objects/${key}`);
    request.then((res) => res.arrayBuffer()).catch(() => undefined);
  }, 100);
}

async function pollAlerts(until: () => boolean, what: string, timeoutMs: number): Promise<void> {
  await waitFor(
    what,
    async () => {
      const now = Date.now();
      const alerts = await prometheusAlerts(prometheus.url);
      for (const [name, t] of timelines) {
        const active = alerts.filter((a) => a.labels.alertname === name);
        if (active.some((a) => a.state === 'pending')) t.pendingAt ??= now;
        if (active.some((a) => a.state === 'firing')) t.firingAt ??= now;
        if (t.firingAt && recoverAt && active.length === 0) t.resolvedAt ??= now;
      }
      for (const d of receiver.deliveries) {
        for (const a of d.alerts) {
          const t = timelines.get(a.labels.alertname ?? '');
          if (!t || d.at < faultAt) continue;
          if (a.status === 'firing') t.deliveredAt ??= d.at;
          if (a.status === 'resolved' && recoverAt) t.resolvedDeliveredAt ??= d.at;
        }
      }
      return until() ? true : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

beforeAll(async () => {
  minio = await MinioServer.launch();
  app = await startApp(minio, { MINIO_TIMEOUT_MS: '2000' });
  receiver = await startWebhookReceiver();
  config = parseStackConfig('dev', {
    ...stackConfig('dev'),
    'datahub:alerting': JSON.stringify({
      webhookUrl: `${receiver.url}/alerts`,
      heartbeatUrl: `${receiver.url}/heartbeat`,
    }),
    'datahub:grafana': JSON.stringify({ enabled: false }),
  });

  monitoring = await startLocalMonitoring(config, { appUrl: app.url, minioPort: minio.port }, { rules: true });
  prometheus = monitoring.prometheus;
  alertmanager = monitoring.alertmanager;
});

afterAll(async () => {
  if (traffic) clearInterval(traffic);
  await monitoring?.stop();
  await receiver?.close();
  await app?.close();
  await minio?.destroy();
});

describe('the dev alerting drill: MinIO stopped, then started', () => {
  it('starts healthy: app, MinIO and Alertmanager targets up, and the Watchdog heartbeat delivered', async () => {
    startTraffic();
    await waitFor(
      'app, minio and alertmanager targets up',
      async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/targets`)).json()) as {
          data: { activeTargets: { labels: { job: string }; health: string }[] };
        };
        const up = body.data.activeTargets.filter((t) => t.health === 'up').map((t) => t.labels.job);
        return ['app', 'minio', 'alertmanager'].every((j) => up.includes(j)) ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    await waitFor(
      'the Watchdog at the heartbeat receiver',
      async () =>
        receiver.deliveries.some(
          (d) => d.path === '/heartbeat' && d.alerts.some((a) => a.labels.alertname === 'Watchdog'),
        )
          ? true
          : undefined,
      { timeoutMs: 60_000 },
    );
    const firing = (await prometheusAlerts(prometheus.url))
      .filter((a) => a.state === 'firing')
      .map((a) => a.labels.alertname);
    expect(firing).toEqual(['Watchdog']);
  });

  it('when MinIO stops, the storage and error alerts go pending, then firing, and the critical ones reach the webhook', async () => {
    faultAt = Date.now();
    await minio.stop();
    await pollAlerts(
      () => WATCHED.every((a) => timelines.get(a)!.firingAt) && DELIVERED.every((a) => timelines.get(a)!.deliveredAt),
      'every watched alert to fire and the critical ones to be delivered',
      180_000,
    );
    for (const name of WATCHED) {
      const t = timelines.get(name)!;
      expect({ name, pending: t.pendingAt !== undefined }).toEqual({ name, pending: true });
      expect(t.firingAt!).toBeGreaterThanOrEqual(t.pendingAt!);
    }
    const delivered = receiver.deliveries
      .filter((d) => d.path === '/alerts' && d.at >= faultAt)
      .flatMap((d) => d.alerts);
    const minioDown = delivered.find((a) => a.labels.alertname === 'MinIODown')!;
    expect(minioDown.labels).toMatchObject({ severity: 'critical', service: 'minio', job: 'minio' });
    expect(minioDown.annotations.runbook_url).toBe('docs/runbooks.md#miniodown');
  });

  it('inhibits the warnings of a service whose critical alert fires', async () => {
    const res = await fetch(`${alertmanager.url}/api/v2/alerts`);
    const alerts = (await res.json()) as {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    }[];
    for (const name of INHIBITED) {
      const alert = alerts.find((a) => a.labels.alertname === name);
      expect(alert?.status.state).toBe('suppressed');
      expect(alert?.status.inhibitedBy.length).toBeGreaterThan(0);
    }
    const scrapeDown = alerts.find((a) => a.labels.alertname === 'ScrapeTargetDown' && a.labels.job === 'minio');
    if (scrapeDown) expect(scrapeDown.status.state).toBe('suppressed');
    const delivered = receiver.deliveries
      .filter((d) => d.path === '/alerts')
      .flatMap((d) => d.alerts.map((a) => a.labels.alertname));
    for (const name of INHIBITED) expect(delivered).not.toContain(name);
  });

  it('when MinIO is back, every alert resolves and the webhook hears it', async () => {
    recoverAt = Date.now();
    await minio.start();
    await pollAlerts(
      () =>
        WATCHED.every((a) => timelines.get(a)!.resolvedAt) &&
        DELIVERED.every((a) => timelines.get(a)!.resolvedDeliveredAt),
      'every watched alert to resolve and the resolutions to be delivered',
      240_000,
    );
    const stillFiring = (await prometheusAlerts(prometheus.url))
      .map((a) => a.labels.alertname)
      .filter((n) => n !== 'Watchdog');
    expect(stillFiring).toEqual([]);
  });

  it('writes the alert timeline as evidence', () => {
    const rel = (t?: number, from = faultAt) => (t === undefined ? null : Math.round((t - from) / 100) / 10);
    const rows = WATCHED.map((name) => {
      const t = timelines.get(name)!;
      return {
        alert: name,
        pendingAfterFaultS: rel(t.pendingAt),
        firingAfterFaultS: rel(t.firingAt),
        deliveredAfterFaultS: rel(t.deliveredAt),
        resolvedAfterRecoveryS: rel(t.resolvedAt, recoverAt),
        resolutionDeliveredAfterRecoveryS: rel(t.resolvedDeliveredAt, recoverAt),
        inhibited: INHIBITED.includes(name),
      };
    });
    const dir = path.join(REPO, 'artifacts', 'alerts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'drill-dev.json'),
      `${JSON.stringify({ profile: 'dev', scrapeInterval: config.scrapeInterval, rows, deliveries: receiver.deliveries as Delivery[] }, null, 2)}\n`,
    );
    const table = [
      '| alert | pending after fault (s) | firing after fault (s) | delivered after fault (s) | resolved after recovery (s) | resolution delivered (s) |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (r) =>
          `| ${r.alert}${r.inhibited ? ' (inhibited)' : ''} | ${r.pendingAfterFaultS} | ${r.firingAfterFaultS} | ${r.deliveredAfterFaultS ?? '—'} | ${r.resolvedAfterRecoveryS} | ${r.resolutionDeliveredAfterRecoveryS ?? '—'} |`,
      ),
    ].join('\n');
    writeFileSync(
      path.join(dir, 'drill-dev.md'),
      `# Alerting drill, dev profile (MinIO stopped, then started)\n\n${table}\n`,
    );
    console.log(`alert timeline (artifacts/alerts/drill-dev.md):\n${table}`);
    for (const r of rows) expect(r.firingAfterFaultS).toBeGreaterThan(0);
  });

  it('runs every dashboard panel query against that Prometheus: each parses, and each whose metrics exist returns data', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(10);
    const report: { panel: string; expr: string; status: string; series: number; metricsExist: boolean }[] = [];
    for (const q of queries) {
      const result = await prometheusQuery(prometheus.url, q.expr);
      const names = [...new Set([...q.expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map((m) => m[1]!))].filter(
        (n) => !['sum', 'rate', 'max', 'min', 'by', 'histogram_quantile', 'increase'].includes(n),
      );
      const exists = await Promise.all(
        names.map(async (n) => (await prometheusQuery(prometheus.url, `count(${n})`)).resultCount > 0),
      );
      const metricsExist = names.length > 0 && exists.every(Boolean);
      report.push({ panel: q.panel, expr: q.expr, status: result.status, series: result.resultCount, metricsExist });
    }
    writeFileSync(
      path.join(REPO, 'artifacts', 'alerts', 'dashboard-queries-dev.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    for (const r of report) {
      expect({ expr: r.expr, status: r.status }).toEqual({ expr: r.expr, status: 'success' });
      if (r.metricsExist) expect({ expr: r.expr, hasData: r.series > 0 }).toEqual({ expr: r.expr, hasData: true });
    }
    expect(report.filter((r) => r.metricsExist).length).toBeGreaterThan(queries.length / 2);
  });
});
