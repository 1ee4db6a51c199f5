/**
 * Live-stack verification (ops/verify/) against real processes: a real MinIO, the real app,
 * a real Prometheus loaded with the dev stack's scrape jobs (addresses mapped onto this host) and a
 * real Alertmanager. A healthy stack passes every check and leaves no canary object; with MinIO
 * stopped the report fails and names the checks that see it. `npm run deploy` and `npm run verify`
 * (ops/cli.ts) run against the same stack through a driver that stands in for the Pulumi
 * engine only: it hands back this stack's endpoints as the outputs `up` would.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseStackConfig } from '../../../infra/config';
import type { StackDriver } from '../../../ops/automation-driver';
import { REPO_ROOT, runCli, type CliIo } from '../../../ops/cli';
import { EXIT } from '../../../ops/exit-codes';
import { CANARY_PREFIX } from '../../../ops/verify/canary';
import type { StackEndpoints } from '../../../ops/verify/endpoints';
import { errorCode } from '../../../ops/verify/http';
import { failedChecks, formatReport, type CheckResult } from '../../../ops/verify/report';
import { summariseTargets } from '../../../ops/verify/targets';
import { verifyStack } from '../../../ops/verify/verify-stack';
import { startApp, type AppUnderTest } from '../../support/app-under-test';
import { freePort } from '../../support/free-port';
import { MinioServer } from '../../support/minio-server';
import { startLocalMonitoring, type LocalMonitoring } from '../../support/monitoring-servers';
import { stackConfig } from '../../support/pulumi-program';
import { waitFor } from '../../support/wait-for';

let minio: MinioServer;
let app: AppUnderTest;
let prometheus: LocalMonitoring['prometheus'];
let alertmanager: LocalMonitoring['alertmanager'];
let monitoring: LocalMonitoring;
let endpoints: StackEndpoints;

async function targetHealth(job: string): Promise<string | undefined> {
  const body = (await (await fetch(`${prometheus.url}/api/v1/targets`)).json()) as {
    data: { activeTargets: { labels: { job: string }; health: string }[] };
  };
  return body.data.activeTargets.find((t) => t.labels.job === job)?.health;
}

beforeAll(async () => {
  minio = await MinioServer.launch();
  app = await startApp(minio, { MINIO_TIMEOUT_MS: '2000' });
  const config = parseStackConfig('dev', {
    ...stackConfig('dev'),
    'datahub:grafana': JSON.stringify({ enabled: false }),
  });
  monitoring = await startLocalMonitoring(config, { appUrl: app.url, minioPort: minio.port }, { rules: false });
  prometheus = monitoring.prometheus;
  alertmanager = monitoring.alertmanager;
  endpoints = {
    appUrl: app.url,
    minioApiUrl: `http://127.0.0.1:${minio.port}`,
    prometheusUrl: prometheus.url,
    alertmanagerUrl: alertmanager.url,
  };
});

/** The engine's part, the only fake here: the outputs of this stack, and a config with a secret key. */
function engineStandIn(calls: string[]): StackDriver {
  const outputs = async () => ({ ...endpoints, appImageDigest: 'sha256:0123abcd' });
  const unexpected = (what: string) => () => Promise.reject(new Error(`${what} was not expected`));
  return {
    preview: async () => {
      calls.push('preview');
      const type = 'docker:index/container:Container';
      return { steps: [{ op: 'update', type, urn: `urn:pulumi:dev::datahub::${type}::app` }], violations: [] };
    },
    up: async (onProgress) => {
      calls.push('up');
      onProgress(1, 1, 'urn:pulumi:dev::datahub::docker:index/container:Container::app');
      return outputs();
    },
    upWithConfig: unexpected('a rollback'),
    getConfig: async () => ({ 'datahub:logLevel': 'info' }),
    outputs,
    secretKeys: async () => new Set(['datahub:smtpPassword']),
    resources: async () => [],
    unprotectAll: unexpected('unprotectAll'),
    destroy: unexpected('destroy'),
  };
}

function cli(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: string[] = [];
  const home = mkdtempSync(path.join(os.tmpdir(), 'ops-home-'));
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), confirm: undefined, env, home };
  const run = (...argv: string[]) =>
    runCli(argv, io, {
      requirePulumi: () => undefined,
      openStack: async () => engineStandIn(calls),
      workDir: REPO_ROOT,
      gitRevision: async () => 'abc123def456',
      removeVolume: async () => false,
      now: () => new Date('2026-11-22T12:00:00.000Z'),
    });
  return { out, err, calls, home, run };
}

afterAll(async () => {
  await monitoring?.stop();
  await app?.close();
  await minio?.destroy();
});

describe('verifyStack against a real stack', () => {
  it('passes every check on a healthy stack, waiting for Prometheus to scrape every target up', async () => {
    const progress: CheckResult[] = [];
    const report = await verifyStack(endpoints, {
      timeoutMs: 40_000,
      intervalMs: 500,
      onProgress: (c) => progress.push(c),
    });
    console.log(formatReport(report));
    expect(failedChecks(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'app-ready',
      'canary-object',
      'minio-health',
      'prometheus-ready',
      'prometheus-targets',
      'alertmanager-ready',
    ]);
    expect(progress.map((c) => c.name).sort()).toEqual(report.checks.map((c) => c.name).sort());
    const targets = report.checks.find((c) => c.name === 'prometheus-targets')!;
    expect(targets.detail).toMatch(/all 4 targets up \(alertmanager, app, minio, prometheus\)/);
    expect(report.checks.find((c) => c.name === 'canary-object')!.detail).toMatch(
      /PUT 201; GET 200, bytes identical; DELETE 204/,
    );
  });

  it('leaves no canary object behind', async () => {
    const res = await fetch(`${app.url}/objects?prefix=${encodeURIComponent(CANARY_PREFIX)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { key: string }[] };
    expect(body.items).toEqual([]);
  });

  it('npm run deploy verifies the live stack after up and records it as the last good release, without secrets', async () => {
    const releases = mkdtempSync(path.join(os.tmpdir(), 'releases-'));
    const c = cli({ DATAHUB_RELEASES_DIR: releases });
    expect(await c.run('deploy', '--stack', 'dev', '--yes')).toBe(EXIT.ok);
    expect(c.calls).toEqual(['preview', 'up']);
    expect(c.out).toContainEqual(
      expect.stringMatching(/^ {2}PASS canary-object: .*PUT 201; GET 200, bytes identical; DELETE 204$/),
    );
    expect(c.out.at(-1)).toBe('deployed and verified; recorded as the last good release of dev');
    const file = JSON.parse(readFileSync(path.join(releases, 'dev.json'), 'utf8')) as unknown;
    expect(file).toEqual({
      releases: [
        {
          stack: 'dev',
          at: '2026-11-22T12:00:00.000Z',
          gitRevision: 'abc123def456',
          config: { 'datahub:logLevel': 'info' },
          appImageDigest: 'sha256:0123abcd',
        },
      ],
    });
  });

  it('npm run verify passes on the healthy stack', async () => {
    const c = cli();
    expect(await c.run('verify', '--stack', 'dev', '--timeout', '30')).toBe(EXIT.ok);
    expect(c.out.at(-1)).toBe('verification passed');
    expect(c.err).toEqual([]);
  });

  it('fails with MinIO stopped and names the checks that see it', async () => {
    await minio.stop();
    await waitFor('Prometheus to scrape the minio target down', async () =>
      (await targetHealth('minio')) === 'down' ? true : undefined,
    );
    const started = Date.now();
    const report = await verifyStack(endpoints, { timeoutMs: 10_000, intervalMs: 1_000 });
    const elapsed = Date.now() - started;
    console.log(formatReport(report));
    expect(report.ok).toBe(false);
    expect(failedChecks(report).sort()).toEqual(['app-ready', 'canary-object', 'minio-health', 'prometheus-targets']);
    const detail = (name: string) => report.checks.find((c) => c.name === name)!.detail;
    expect(detail('app-ready')).toMatch(/health\/ready → 503/);
    expect(detail('minio-health')).toMatch(/minio\/health\/live failed: ECONNREFUSED/);
    expect(detail('prometheus-targets')).toMatch(/1 of 4 targets not up: minio \(127\.0\.0\.1:\d+\) down: .+/);
    expect(detail('canary-object')).toMatch(/PUT .* → 5\d\d/);
    // The checks that still pass stay in the report, passing.
    expect(report.checks.filter((c) => c.ok).map((c) => c.name)).toEqual(['prometheus-ready', 'alertmanager-ready']);
    // Retries stop at the deadline (plus at most one in-flight request).
    expect(elapsed).toBeLessThan(10_000 + 10_000);
  });

  it('npm run verify exits 1 with MinIO stopped, naming the failing checks', async () => {
    const c = cli();
    expect(await c.run('verify', '--stack', 'dev', '--timeout', '5')).toBe(EXIT.failed);
    expect(c.err).toEqual(['verify: dev is unhealthy: app-ready, canary-object, minio-health, prometheus-targets']);
    expect(c.out).toContain('verification FAILED: app-ready, canary-object, minio-health, prometheus-targets');
  });

  it('reports an unreachable endpoint as a failed check with the error code, never a throw', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const report = await verifyStack(
      { ...endpoints, alertmanagerUrl: nobody, grafanaUrl: nobody },
      { timeoutMs: 1_000, intervalMs: 200 },
    );
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['alertmanager-ready']!.ok).toBe(false);
    expect(byName['alertmanager-ready']!.detail).toMatch(/-\/ready failed: ECONNREFUSED/);
    expect(byName['grafana-health']!.ok).toBe(false);
    expect(byName['grafana-health']!.detail).toMatch(/api\/health failed: ECONNREFUSED/);
  });
});

describe('pure helpers', () => {
  it('summariseTargets lists the jobs that are not up with their lastError', () => {
    const s = summariseTargets({
      status: 'success',
      data: {
        activeTargets: [
          { labels: { job: 'app', instance: 'app:8080' }, health: 'up', lastError: '' },
          { labels: { job: 'minio', instance: 'minio:9000' }, health: 'down', lastError: 'connection refused' },
          { labels: { job: 'grafana', instance: 'grafana:3000' }, health: 'unknown', lastError: '' },
        ],
      },
    });
    expect(s.ok).toBe(false);
    expect(s.notUp.map((t) => t.job)).toEqual(['minio', 'grafana']);
    expect(s.detail).toBe(
      '2 of 3 targets not up: minio (minio:9000) down: connection refused; grafana (grafana:3000) unknown (not scraped yet)',
    );
    expect(summariseTargets({ status: 'success', data: { activeTargets: [] } }).ok).toBe(false);
    expect(summariseTargets('garbage').detail).toMatch(/unexpected targets response/);
  });

  it('errorCode finds the code under fetch errors and timeouts', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(errorCode(refused)).toBe('ECONNREFUSED');
    expect(errorCode(new DOMException('timed out', 'TimeoutError'))).toBe('TimeoutError');
  });
});
