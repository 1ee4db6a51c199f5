/**
 * The dev stack on a real Docker engine. The real program (infra/index.ts) runs under Pulumi's
 * mocks with the engine harness performing every Docker registration for real; then the Day-2
 * drill: MinIO stopped and started, the app crash-looped, and teardown. Evidence (timeline,
 * container health history, screenshots of Prometheus' alerts page) goes to artifacts/e2e/.
 */
import { randomBytes, createHash } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import { connectDocker, run } from '../support/docker';
import { prometheusAlerts, type PromAlert } from '../support/monitoring-servers';
import { REPO, runProgram, type ProgramRun } from '../support/pulumi-program';
import { waitFor } from '../support/wait-for';
import { checkNames, endpointsFromOutputs, failedChecks, formatReport, verifyStack } from '../../infra/ops/verify';
import { DockerEngineHarness, sweepEarlierRuns } from './harness/docker-engine';
import { screenshot, writeEvidence } from './evidence';

const PORTS = {
  app: 18080,
  minioApi: 19000,
  minioConsole: 19001,
  prometheus: 19090,
  alertmanager: 19093,
  grafana: 13000,
};
const APP = `http://127.0.0.1:${PORTS.app}`;
const PROMETHEUS = `http://127.0.0.1:${PORTS.prometheus}`;
const ALERTMANAGER = `http://127.0.0.1:${PORTS.alertmanager}`;
const STACK = 'e2e';
const name = (service: string) => `datahub-${STACK}-${service}`;

let docker: Docker;
let harness: DockerEngineHarness;
let program: ProgramRun | undefined;
let programSeconds = 0;
const timeline: { at: string; event: string }[] = [];
const health: { at: string; containers: Record<string, string> }[] = [];
let healthTimer: NodeJS.Timeout | undefined;
const written = new Map<string, string>();

const mark = (event: string) => {
  timeline.push({ at: new Date().toISOString(), event });
  console.log(`[drill] ${event}`);
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const container = (service: string) => docker.getContainer(name(service));

async function recordHealth(): Promise<void> {
  const containers: Record<string, string> = {};
  for (const c of await docker.listContainers({ all: true, filters: { label: [`org.datahub.stack=${STACK}`] } })) {
    containers[(c.Names[0] ?? c.Id).replace(/^\//, '')] = c.Status;
  }
  health.push({ at: new Date().toISOString(), containers });
}

/** Waits for `alertname` to reach `state` in Prometheus, recording when it was first pending and firing. */
async function awaitAlert(alertname: string, state: 'firing' | 'resolved', timeoutMs = 120_000): Promise<number> {
  const start = Date.now();
  let sawPending = false;
  await waitFor(
    `${alertname} to be ${state}`,
    async () => {
      const alerts: PromAlert[] = (await prometheusAlerts(PROMETHEUS)).filter((a) => a.labels.alertname === alertname);
      if (!sawPending && alerts.some((a) => a.state === 'pending')) {
        sawPending = true;
        mark(`${alertname} pending`);
      }
      if (state === 'firing' && alerts.some((a) => a.state === 'firing')) return true;
      if (state === 'resolved' && alerts.length === 0) return true;
      return undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
  mark(`${alertname} ${state}`);
  return (Date.now() - start) / 1000;
}

async function readiness(): Promise<number> {
  return (await fetch(`${APP}/health/ready`)).status;
}

beforeAll(async () => {
  docker = await connectDocker();
  console.log('[drill] building the offline stand-in images (scripts/images/build-e2e-images.sh)');
  await run('bash', [path.join(REPO, 'scripts/images/build-e2e-images.sh')], { timeoutMs: 600_000 });
  const swept = await sweepEarlierRuns(docker);
  if (swept.length > 0) console.log(`[drill] removed what an earlier, interrupted run left: ${swept.join(', ')}`);
  harness = new DockerEngineHarness(docker, `e2e-${randomBytes(4).toString('hex')}`);
  healthTimer = setInterval(() => void recordHealth().catch(() => undefined), 2000);
});

afterAll(async () => {
  if (healthTimer) clearInterval(healthTimer);
  const removed = await harness?.teardown();
  if (removed) console.log(`[drill] teardown removed: ${removed.join(', ')}`);
  writeEvidence(
    'timeline.json',
    `${JSON.stringify({ stack: STACK, programSeconds, timeline, engineEvents: harness?.events }, null, 2)}\n`,
  );
  writeEvidence('health-history.json', `${JSON.stringify(health, null, 2)}\n`);
});

describe('the dev stack on a real Docker engine', () => {
  it('deploys: the real program creates every resource and every container turns healthy', async () => {
    console.log(
      '[drill] Grafana has no offline source on this machine: the e2e stack turns it off with datahub:grafana.enabled=false',
    );
    const started = Date.now();
    program = await runProgram(STACK, {
      stackFile: 'dev',
      overrides: { 'datahub:ports': PORTS, 'datahub:grafana': { enabled: false } },
      stateFor: harness.stateFor,
    });
    programSeconds = (Date.now() - started) / 1000;
    mark(`program applied and every container healthy after ${programSeconds.toFixed(1)} s`);
    const containers = await docker.listContainers({ filters: { label: [`org.datahub.stack=${STACK}`] } });
    expect(containers.map((c) => c.Names[0]).sort()).toEqual(
      ['/datahub-e2e-alertmanager', '/datahub-e2e-app', '/datahub-e2e-minio', '/datahub-e2e-prometheus'].sort(),
    );
    for (const c of containers)
      expect({ name: c.Names[0], status: c.Status }).toEqual({
        name: c.Names[0],
        status: expect.stringContaining('(healthy)'),
      });
    expect(program.outputs.appUrl).toBe(APP);
  });

  it('serves objects through the app on 127.0.0.1, and Prometheus has every target up', async () => {
    const body = randomBytes(4096);
    expect((await fetch(`${APP}/objects/e2e/hello.bin`, { method: 'PUT', body })).status).toBe(201);
    const got = await fetch(`${APP}/objects/e2e/hello.bin`);
    expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(sha(body));
    expect((await fetch(`${APP}/objects/e2e/hello.bin`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${APP}/objects/e2e/hello.bin`)).status).toBe(404);

    await waitFor(
      'every Prometheus target up',
      async () => {
        const res = (await (await fetch(`${PROMETHEUS}/api/v1/targets`)).json()) as {
          data: { activeTargets: { labels: { job: string }; health: string }[] };
        };
        const jobs = res.data.activeTargets;
        return jobs.length === 4 && jobs.every((t) => t.health === 'up')
          ? jobs.map((t) => t.labels.job).sort()
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    const report = await verifyStack(endpointsFromOutputs(program!.outputs), { timeoutMs: 60_000 });
    writeEvidence('verify-healthy.txt', `${formatReport(report)}\n`);
    mark(`npm run verify's checks on the live stack: ${report.ok ? 'passed' : formatReport(report)}`);
    expect(failedChecks(report)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual(checkNames(endpointsFromOutputs(program!.outputs)));

    // Objects that must survive the outage, one larger than a multipart part.
    for (const [key, size] of [
      ['keep/small.txt', 100],
      ['keep/medium.bin', 200_000],
      ['keep/large.bin', 9 * 1024 * 1024],
    ] as const) {
      const data = randomBytes(size);
      expect((await fetch(`${APP}/objects/${key}`, { method: 'PUT', body: data })).status).toBe(201);
      written.set(key, sha(data));
    }
  });

  it('when MinIO stops, readiness and object calls answer 503 and the storage alerts fire and reach Alertmanager', async () => {
    const appStartedAt = (await container('app').inspect()).State.StartedAt;
    mark('fault: docker stop datahub-e2e-minio');
    const fault = Date.now();
    await container('minio').stop({ t: 5 });
    await waitFor('readiness 503', async () => ((await readiness()) === 503 ? true : undefined), { timeoutMs: 20_000 });
    const objectCall = await fetch(`${APP}/objects/keep/small.txt`);
    expect(objectCall.status).toBe(503);
    expect(objectCall.headers.get('retry-after')).toBe('5');

    await awaitAlert('MinIODown', 'firing');
    const detection = (Date.now() - fault) / 1000;
    mark(`MinIO outage detected (fault → MinIODown firing) in ${detection.toFixed(1)} s`);
    await awaitAlert('AppNotReady', 'firing');
    await waitFor(
      'MinIODown at Alertmanager',
      async () => {
        const alerts = (await (await fetch(`${ALERTMANAGER}/api/v2/alerts`)).json()) as {
          labels: Record<string, string>;
        }[];
        return alerts.some((a) => a.labels.alertname === 'MinIODown') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    mark('MinIODown received by Alertmanager');
    const report = await verifyStack(endpointsFromOutputs(program!.outputs), { timeoutMs: 10_000, intervalMs: 1_000 });
    writeEvidence('verify-minio-stopped.txt', `${formatReport(report)}\n`);
    mark(`verification with MinIO stopped fails on: ${failedChecks(report).join(', ')}`);
    expect(report.ok).toBe(false);
    expect(failedChecks(report).sort()).toEqual(['app-ready', 'canary-object', 'minio-health', 'prometheus-targets']);
    expect(formatReport(report)).toMatch(/FAIL minio-health .*minio\/health\/live failed/);
    await screenshot(`${PROMETHEUS}/classic/alerts`, 'prometheus-alerts-firing.png');
    writeEvidence(
      'detection.json',
      `${JSON.stringify({ minioOutageDetectionSeconds: detection, targetSeconds: 30 }, null, 2)}\n`,
    );
    expect(detection).toBeLessThanOrEqual(30);
    expect((await container('app').inspect()).State.StartedAt).toBe(appStartedAt);
  });

  it('when MinIO starts again, the alerts resolve, the app recovers without a restart, and every object reads back byte-identical', async () => {
    const before = await container('app').inspect();
    mark('recovery: docker start datahub-e2e-minio');
    await container('minio').start();
    await waitFor('readiness 200', async () => ((await readiness()) === 200 ? true : undefined), { timeoutMs: 60_000 });
    await awaitAlert('MinIODown', 'resolved');
    await awaitAlert('AppNotReady', 'resolved');
    for (const [key, digest] of written) {
      const res = await fetch(`${APP}/objects/${key}`);
      expect({ key, status: res.status, sha: sha(Buffer.from(await res.arrayBuffer())) }).toEqual({
        key,
        status: 200,
        sha: digest,
      });
    }
    const after = await container('app').inspect();
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(after.RestartCount).toBe(before.RestartCount);
    await screenshot(`${PROMETHEUS}/classic/alerts`, 'prometheus-alerts-resolved.png');
  });

  it('when the app process is killed, the restart policy brings it back; crash-looped long enough, AppTargetDown fires and then resolves', async () => {
    const app = container('app');
    const restartsBefore = (await app.inspect()).RestartCount;
    // A crash, not a `docker kill`: Docker treats a kill through its API as a manual stop and
    // does not restart; SIGKILL to the process from the host is what an OOM kill or a crash is.
    const crash = async () => {
      const { Pid } = (await app.inspect()).State;
      if (Pid > 0) process.kill(Pid, 'SIGKILL');
    };
    mark('fault: SIGKILL to the app process');
    await crash();
    await waitFor(
      'the app restarted by its restart policy',
      async () => {
        const s = await app.inspect();
        return s.RestartCount > restartsBefore && s.State.Running ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    mark('app restarted by the restart policy');

    // Kill it each time it comes back: Docker's restart back-off doubles until the app stays down long enough to page.
    mark('fault: crash loop (kill on every restart)');
    let firing = false;
    const looping = (async () => {
      while (!firing) {
        const s = await app.inspect();
        if (s.State.Running) await crash().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await awaitAlert('AppTargetDown', 'firing', 180_000);
    firing = true;
    await looping;
    mark('crash loop stopped');
    await waitFor(
      'the app running and ready again',
      async () => ((await readiness().catch(() => 0)) === 200 ? true : undefined),
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
      },
    );
    await awaitAlert('AppTargetDown', 'resolved', 120_000);
    expect((await app.inspect()).RestartCount).toBeGreaterThan(restartsBefore + 1);
  });

  it('tears down exactly what it created: nothing labelled with the run is left', async () => {
    const removed = await harness.teardown();
    mark(`teardown removed ${removed.join(', ')}`);
    expect(removed).toEqual(
      expect.arrayContaining(['network datahub-e2e', 'volume datahub-e2e-minio-data', 'container /datahub-e2e-app']),
    );
    expect(await harness.leftovers()).toEqual([]);
  });
});
