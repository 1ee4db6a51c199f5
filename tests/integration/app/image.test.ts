/**
 * The app's container image (app/Dockerfile), built and run on the real Docker engine
 * against a real MinIO. No image registry is reachable here, so the base image is built
 * locally first (scripts/images/build-node-base.sh); `npm ci` inside the build reaches the
 * npm registry over the default bridge network (where it cannot, build with `--network host`).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { connectDocker, containerLogs, execIn, run } from '../../support/docker';
import { freePort } from '../../support/free-port';
import { MinioServer } from '../../support/minio-server';
import { waitFor } from '../../support/wait-for';

const repoRoot = path.resolve(__dirname, '../../..');
const suffix = randomBytes(4).toString('hex');
const imageTag = `datahub-app:test-${suffix}`;
const containerName = `datahub-app-test-${suffix}`;
const secretPathInContainer = '/run/secrets/minio-secret-key';
const TEST_LABEL = { 'datahub.test': 'image' };

let docker: Docker | undefined;
let minio: MinioServer | undefined;
let container: Docker.Container | undefined;
let imageBuilt = false;
let tempDir: string | undefined;
let appPort = 0;

const appUrl = (p: string) => `http://127.0.0.1:${appPort}${p}`;

beforeAll(async () => {
  docker = await connectDocker();
  await run('bash', [path.join(repoRoot, 'scripts/images/build-node-base.sh')], { timeoutMs: 120_000 });
  await run(
    'docker',
    ['build', '--quiet', '--label', 'datahub.test=image', '--tag', imageTag, path.join(repoRoot, 'app')],
    { timeoutMs: 150_000 },
  );
  imageBuilt = true;

  minio = await MinioServer.launch();
  tempDir = mkdtempSync(path.join(tmpdir(), 'datahub-image-test-'));
  const secretFile = path.join(tempDir, 'minio-secret-key');
  writeFileSync(secretFile, `${minio.secretKey}\n`);
  chmodSync(secretFile, 0o444); // readable by the container's non-root user
  appPort = await freePort();

  const { MINIO_SECRET_KEY: _secret, ...minioEnv } = minio.appEnv('datahub-image-test');
  const env = { ...minioEnv, MINIO_SECRET_KEY_FILE: secretPathInContainer, HOST: '127.0.0.1', PORT: String(appPort) };
  container = await docker.createContainer({
    name: containerName,
    Image: imageTag,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: TEST_LABEL,
    HostConfig: { NetworkMode: 'host', Binds: [`${secretFile}:${secretPathInContainer}:ro`] },
  });
  await container.start();
}, 170_000);

afterAll(async () => {
  if (container) await container.remove({ force: true, v: true }).catch(() => undefined);
  if (docker && imageBuilt)
    await docker
      .getImage(imageTag)
      .remove()
      .catch(() => undefined);
  await minio?.destroy();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}, 60_000);

function started(): { docker: Docker; container: Docker.Container; minio: MinioServer } {
  if (!docker || !container || !minio) throw new Error('the container was not started (see beforeAll)');
  return { docker, container, minio };
}

describe('app image', () => {
  it('the image is configured for a non-root user, its main process does not run as root and cannot rewrite its code', async () => {
    const { docker, container } = started();
    const image = await docker.getImage(imageTag).inspect();
    const user = image.Config.User;
    expect(user).not.toBe('');
    expect(user.split(':')[0]).not.toMatch(/^(0|root)$/);

    const id = await execIn(container, ['id', '-u']);
    expect(id.exitCode).toBe(0);
    expect(id.stdout.trim()).not.toBe('0');

    const status = await execIn(container, ['cat', '/proc/1/status']);
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/m.exec(status.stdout)?.slice(1);
    expect(uids).toHaveLength(4);
    expect(uids).not.toContain('0');

    // The code is root's: the process can read it but not rewrite it.
    const owner = await execIn(container, ['stat', '-c', '%u', '/app/dist/main.js', '/app/node_modules']);
    expect(owner.stdout.trim().split('\n')).toEqual(['0', '0']);
    expect((await execIn(container, ['test', '-r', '/app/dist/main.js'])).exitCode).toBe(0);
    expect((await execIn(container, ['test', '-w', '/app/dist'])).exitCode).not.toBe(0);
  });

  it('the container turns healthy through its own HEALTHCHECK', async () => {
    const { container } = started();
    const health = await waitFor(
      'the container to become healthy',
      async () => {
        const { State } = await container.inspect();
        if (!State.Running) {
          throw new Error(`container exited with ${State.ExitCode}:\n${await containerLogs(container)}`);
        }
        if (State.Health?.Status === 'unhealthy') {
          const probes = State.Health.Log.map((l) => `${l.ExitCode}: ${l.Output}`).join('\n');
          throw new Error(`container is unhealthy:\n${probes}\n${await containerLogs(container)}`);
        }
        return State.Health?.Status === 'healthy' ? State.Health : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}\ncontainer log:\n${await containerLogs(container)}`);
    });
    expect(health.Status).toBe('healthy');
    expect(health.Log.at(-1)?.ExitCode).toBe(0);
  }, 75_000);

  it('an object PUT through the container is returned by GET, with the secret key read from a read-only file', async () => {
    const { container } = started();
    const { Mounts } = await container.inspect();
    expect(Mounts).toEqual([expect.objectContaining({ Destination: secretPathInContainer, RW: false })]);

    const body = `hello from the image ${suffix}`;
    const put = await fetch(appUrl('/objects/image-test/hello.txt'), {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body,
    });
    expect(put.status).toBe(201);
    const get = await fetch(appUrl('/objects/image-test/hello.txt'));
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('text/plain');
    expect(await get.text()).toBe(body);
  });

  it('the secret key appears in neither the image (config, history) nor the container (env, command, labels, log)', async () => {
    const { docker, container, minio } = started();
    const secret = minio.secretKey;
    const image = docker.getImage(imageTag);
    const [imageInfo, history, containerInfo] = await Promise.all([
      image.inspect(),
      image.history() as Promise<{ CreatedBy: string }[]>,
      container.inspect(),
    ]);
    expect(history.length).toBeGreaterThan(0);
    const places: Record<string, unknown> = {
      'image Config': imageInfo.Config,
      'image history': history.map((h) => h.CreatedBy),
      'container Config.Env': containerInfo.Config.Env,
      'container Config.Cmd': containerInfo.Config.Cmd,
      'container Config.Labels': containerInfo.Config.Labels,
      'container Args': containerInfo.Args,
      'container log': await containerLogs(container),
    };
    for (const [where, value] of Object.entries(places)) {
      expect({ where, leaks: JSON.stringify(value).includes(secret) }).toEqual({ where, leaks: false });
    }
    expect(containerInfo.Config.Env).toContain(`MINIO_SECRET_KEY_FILE=${secretPathInContainer}`);
    expect(containerInfo.Config.Env.some((e) => e.startsWith('MINIO_SECRET_KEY='))).toBe(false);
  });

  it('docker stop (SIGTERM) drains and exits with code 0', async () => {
    const { container } = started();
    await container.stop({ t: 30 });
    const { State } = await container.inspect();
    expect(State.Running).toBe(false);
    expect(State.OOMKilled).toBe(false);
    expect(State.ExitCode).toBe(0);
    expect(await containerLogs(container)).toContain('shutdown: drained');
  }, 45_000);
});
