/**
 * The e2e stack (Pulumi.e2e.yaml: the dev stack's shape on other ports) deployed by the real
 * Pulumi engine on a real Docker engine, through the project's own CLI (`scripts/ops.sh`, what
 * `npm run deploy|preview|verify|destroy` runs): deploy and verify, an idempotent re-preview, the
 * Day-2 drill (MinIO stopped and started, the app killed, a crash loop), an automatic rollback,
 * a policy refusal, a data-loss refusal, a bad-config refusal, and destroy. The toolchain is the
 * official one where it can be downloaded, else built from Go modules with two DataHub stand-ins
 * (random, docker Image: docs/toolchain.md). Evidence (transcripts, timeline, container health,
 * screenshots) goes to artifacts/e2e/.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { connectDocker, run } from '../support/docker';
import { prometheusAlerts, type PromAlert } from '../support/monitoring-servers';
import { OpsCli, toolchainEnv, type OpsRun } from '../support/ops-cli';
import { REPO } from '../support/pulumi-program';
import { waitFor } from '../support/wait-for';
import { EXIT } from '../../ops/exit-codes';
import { checkNames } from '../../ops/verify/checks';
import { screenshot, writeEvidence } from './evidence';

const PORTS = {
  app: 18080,
  minioApi: 19000,
  minioConsole: 19001,
  prometheus: 19090,
  alertmanager: 19093,
};
const APP = `http://127.0.0.1:${PORTS.app}`;
const PROMETHEUS = `http://127.0.0.1:${PORTS.prometheus}`;
const ALERTMANAGER = `http://127.0.0.1:${PORTS.alertmanager}`;
const STACK = 'e2e';
const STACK_LABEL = `org.datahub.stack=${STACK}`;
const STACK_FILE = path.join(REPO, `Pulumi.${STACK}.yaml`);
const name = (service: string) => `datahub-${STACK}-${service}`;

let docker: Docker;
let ops: OpsCli;
const committedStackFile = readFileSync(STACK_FILE);
const timeline: { at: string; event: string }[] = [];
const health: { at: string; containers: Record<string, string> }[] = [];
const measured: Record<string, number> = {};
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

/** Removes what an earlier, interrupted run left (everything labelled with the e2e stack). */
async function sweepStack(): Promise<string[]> {
  const removed: string[] = [];
  const filters = { label: [STACK_LABEL] };
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(c.Id).remove({ force: true });
    removed.push(`container ${c.Names[0] ?? c.Id}`);
  }
  for (const n of await docker.listNetworks({ filters })) {
    await docker.getNetwork(n.Id).remove();
    removed.push(`network ${n.Name}`);
  }
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) {
    await docker.getVolume(v.Name).remove();
    removed.push(`volume ${v.Name}`);
  }
  return removed;
}

async function leftovers(): Promise<string[]> {
  const filters = { label: [STACK_LABEL] };
  return [
    ...(await docker.listContainers({ all: true, filters })).map((c) => `container ${c.Names[0]}`),
    ...(await docker.listNetworks({ filters })).map((n) => `network ${n.Name}`),
    ...((await docker.listVolumes({ filters })).Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

/** Runs one ops command, keeps its transcript as evidence, and checks the stack file was left as committed. */
async function opsRun(evidence: string, args: string[], env: Record<string, string> = {}): Promise<OpsRun> {
  mark(
    `$ npm run ${args.join(' ')}${env.DATAHUB_STACK_OVERRIDES ? ` (overrides ${path.basename(env.DATAHUB_STACK_OVERRIDES)})` : ''}`,
  );
  const res = await ops.run(args, env);
  writeEvidence(
    `${evidence}.txt`,
    `$ npm run ${args.join(' ')}\n${res.transcript}\nexit ${res.status} after ${res.seconds.toFixed(1)} s\n`,
  );
  mark(`exit ${res.status} after ${res.seconds.toFixed(1)} s`);
  expect(readFileSync(STACK_FILE).equals(committedStackFile)).toBe(true);
  return res;
}

/** Container ids and volume creation times: "nothing changed" means these stay the same. */
async function fingerprint(): Promise<string[]> {
  const filters = { label: [STACK_LABEL] };
  const containers = (await docker.listContainers({ all: true, filters })).map((c) => `${c.Names[0]} ${c.Id}`);
  const volumes = ((await docker.listVolumes({ filters })).Volumes ?? []).map(
    (v) => `${v.Name} ${(v as { CreatedAt?: string }).CreatedAt ?? ''}`,
  );
  return [...containers, ...volumes].sort();
}

async function readBackEverything(): Promise<void> {
  for (const [key, digest] of written) {
    const res = await fetch(`${APP}/objects/${key}`);
    expect({ key, status: res.status, sha: sha(Buffer.from(await res.arrayBuffer())) }).toEqual({
      key,
      status: 200,
      sha: digest,
    });
  }
}

beforeAll(async () => {
  docker = await connectDocker();
  console.log('[drill] the Pulumi toolchain (scripts/toolchain/pulumi-toolchain.sh)');
  const toolchain = toolchainEnv('docker');
  console.log(
    toolchain.DATAHUB_TOOLCHAIN === 'built'
      ? '[drill] toolchain built from Go modules: random and the docker Image are DataHub STAND-INS (docs/toolchain.md)'
      : '[drill] toolchain: the official Pulumi CLI and plugins',
  );
  ops = new OpsCli(toolchain);
  console.log('[drill] building the offline stand-in images (scripts/images/build-e2e-images.sh)');
  await run('bash', [path.join(REPO, 'scripts/images/build-e2e-images.sh')], { timeoutMs: 600_000 });
  const swept = await sweepStack();
  if (swept.length > 0) console.log(`[drill] removed what an earlier, interrupted run left: ${swept.join(', ')}`);
  healthTimer = setInterval(() => void recordHealth().catch(() => undefined), 2000);
});

afterAll(async () => {
  if (healthTimer) clearInterval(healthTimer);
  if (ops && (await leftovers()).length > 0) {
    const res = await ops.run(['destroy', '--stack', STACK, '--yes']).catch(() => undefined);
    console.log(`[drill] cleanup destroy exited ${res?.status}`);
    const swept = await sweepStack();
    if (swept.length > 0) console.log(`[drill] cleanup removed: ${swept.join(', ')}`);
  }
  writeEvidence('timeline.json', `${JSON.stringify({ stack: STACK, measured, timeline }, null, 2)}\n`);
  writeEvidence('health-history.json', `${JSON.stringify(health, null, 2)}\n`);
});

describe('the e2e stack on the real Pulumi engine and a real Docker engine', () => {
  it('deploys through npm run deploy: previewed with the policy pack, applied, verified, recorded; every container healthy', async () => {
    const res = await opsRun('deploy', ['deploy', '--stack', STACK, '--yes']);
    expect(res.status).toBe(EXIT.ok);
    measured.deploySeconds = res.seconds;
    expect(res.stdout).toContain('previewing stack e2e (with the policy pack)');
    for (const check of checkNames({ appUrl: APP, minioApiUrl: 'x', prometheusUrl: 'x', alertmanagerUrl: 'x' })) {
      expect(res.stdout).toMatch(new RegExp(`PASS ${check}:`));
    }
    expect(res.stdout).toContain('deployed and verified; recorded as the last good release of e2e');
    const containers = await docker.listContainers({ filters: { label: [STACK_LABEL] } });
    expect(containers.map((c) => c.Names[0]).sort()).toEqual(
      ['/datahub-e2e-alertmanager', '/datahub-e2e-app', '/datahub-e2e-minio', '/datahub-e2e-prometheus'].sort(),
    );
    for (const c of containers)
      expect({ name: c.Names[0], status: c.Status }).toEqual({
        name: c.Names[0],
        status: expect.stringContaining('(healthy)'),
      });
  });

  it('previews again with no changes', async () => {
    const res = await opsRun('preview-again', ['preview', '--stack', STACK]);
    expect(res.status).toBe(EXIT.ok);
    expect(res.stdout).toContain('no changes');
    expect(res.stdout).toContain('deploy would proceed');
  });

  it('serves objects through the app on 127.0.0.1, and npm run verify passes every check', async () => {
    const body = randomBytes(4096);
    expect((await fetch(`${APP}/objects/e2e/hello.bin`, { method: 'PUT', body })).status).toBe(201);
    const got = await fetch(`${APP}/objects/e2e/hello.bin`);
    expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(sha(body));
    expect((await fetch(`${APP}/objects/e2e/hello.bin`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${APP}/objects/e2e/hello.bin`)).status).toBe(404);

    const res = await opsRun('verify-healthy', ['verify', '--stack', STACK, '--timeout', '60']);
    expect(res.status).toBe(EXIT.ok);
    expect(res.stdout).not.toContain('FAIL');

    // Objects that must survive the outage and the rollback, one larger than a multipart part.
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
    const verify = await opsRun('verify-minio-stopped', ['verify', '--stack', STACK, '--timeout', '10']);
    const failed = [...verify.stdout.matchAll(/^\s+FAIL ([a-z-]+):/gm)].map((m) => m[1]).sort();
    mark(`npm run verify with MinIO stopped fails on: ${failed.join(', ')}`);
    expect(verify.status).toBe(EXIT.failed);
    expect(failed).toEqual(['app-ready', 'canary-object', 'minio-health', 'prometheus-targets']);
    expect(verify.stdout).toMatch(/FAIL minio-health: .*minio\/health\/live/);
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
    await readBackEverything();
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

  it('rolls back by itself when a release with a broken app image fails: the last good release is verified again, objects intact', async () => {
    const appImageBefore = (await container('app').inspect()).Image;
    // A release whose app image starts but never becomes ready: the app process exits at once.
    const broken = 'datahub-e2e/broken-app:drill';
    const dir = path.join(ops.home, 'broken-app');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:24-bookworm-slim\nCMD ["node", "-e", "process.exit(3)"]\n');
    await run('docker', ['build', '-q', '-t', broken, dir], { timeoutMs: 300_000 });
    const brokenId = (await docker.getImage(broken).inspect()).Id;
    const overrides = ops.overrides('broken-release', { 'datahub:appImage': brokenId });
    const res = await opsRun('rollback', ['deploy', '--stack', STACK, '--yes', '--timeout', '30'], {
      DATAHUB_STACK_OVERRIDES: overrides,
    });
    measured.rollbackDeploySeconds = res.seconds;
    expect(res.status).toBe(EXIT.rolledBack);
    // The app container never turns healthy, so `up` itself fails (the program waits for health).
    expect(res.stdout).toMatch(/up failed: .*container failed to be in healthy state/);
    expect(res.stdout).toMatch(/rolling back e2e to the release of .*, app image sha256:/);
    expect(res.stdout).toMatch(/rolled back to the release of .* and verified it/);
    await waitFor('readiness 200', async () => ((await readiness()) === 200 ? true : undefined), { timeoutMs: 60_000 });
    expect((await container('app').inspect()).Image).toBe(appImageBefore);
    await readBackEverything();
    mark('rollback: the last good app image runs again and every object reads back byte-identical');
  });

  it('refuses an insecure setting through the real pulumi preview --policy-pack, and changes nothing', async () => {
    const before = await fingerprint();
    const overrides = ops.overrides('public-bind', {
      'datahub:bindAddress': '0.0.0.0',
      'datahub:allowPublicBind': true,
    });
    const preview = await opsRun('policy-preview', ['preview', '--stack', STACK], {
      DATAHUB_STACK_OVERRIDES: overrides,
    });
    expect(preview.status).toBe(EXIT.gated);
    expect(preview.stdout).toMatch(/^mandatory: [a-z-]+: .*127\.0\.0\.1/m);
    const deploy = await opsRun('policy-deploy', ['deploy', '--stack', STACK, '--yes'], {
      DATAHUB_STACK_OVERRIDES: overrides,
    });
    expect(deploy.status).toBe(EXIT.gated);
    expect(deploy.stdout).toMatch(/^refused: policy /m);
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses a change that would replace the MinIO data volume unless --allow-data-loss, and changes nothing', async () => {
    const before = await fingerprint();
    const overrides = ops.overrides('new-volume-driver', {
      'datahub:dataVolumeDriverOpts': { type: 'tmpfs', device: 'tmpfs' },
    });
    const res = await opsRun('data-loss', ['deploy', '--stack', STACK, '--yes'], {
      DATAHUB_STACK_OVERRIDES: overrides,
    });
    expect(res.status).toBe(EXIT.gated);
    expect(res.stdout).toMatch(
      /refused: plan would replace of data volume object-store-data: rerun with --allow-data-loss/,
    );
    expect(await fingerprint()).toEqual(before);
    await readBackEverything();
  });

  it('names every mistake of a bad config in npm run preview, exits non-zero, and changes nothing', async () => {
    const before = await fingerprint();
    const overrides = ops.overrides('bad-config', {
      'datahub:logLevl': 'debug',
      'datahub:ports': { ...PORTS, app: 'eighty' },
      'datahub:restartPolicy': 'sometimes',
    });
    const res = await opsRun('bad-config', ['preview', '--stack', STACK], { DATAHUB_STACK_OVERRIDES: overrides });
    expect(res.status).toBe(EXIT.failed);
    expect(res.stderr).toContain('datahub:logLevl');
    expect(res.stderr).toContain('datahub:logLevel');
    expect(res.stderr).toContain('datahub:ports');
    expect(res.stderr).toContain('datahub:restartPolicy');
    expect(res.stderr).not.toMatch(/\n\s+at .*\(.*\.ts:\d+:\d+\)/);
    expect(await fingerprint()).toEqual(before);
  });

  it('destroys through npm run destroy: nothing labelled with the stack is left, the stack file as committed', async () => {
    const res = await opsRun('destroy', ['destroy', '--stack', STACK, '--yes']);
    expect(res.status).toBe(EXIT.ok);
    expect(res.stdout).toContain('destroyed e2e');
    expect(await leftovers()).toEqual([]);
    await docker
      .getImage('datahub-e2e/broken-app:drill')
      .remove()
      .catch(() => undefined);
  });
});
