import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, runAppToExit, spawnApp, type AppProcess } from '../../support/app-process';
import { minioClient, objectExists } from '../../support/minio-client';
import { MinioServer } from '../../support/minio-server';
import { waitFor } from '../../support/wait-for';

let minio: MinioServer;
let secrets: string;
const running: AppProcess[] = [];

beforeAll(async () => {
  buildApp();
  minio = await MinioServer.launch();
  secrets = mkdtempSync(path.join(tmpdir(), 'datahub-secrets-'));
});
afterEach(() => {
  for (const app of running.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
});
afterAll(async () => {
  await minio?.destroy();
  if (secrets) rmSync(secrets, { recursive: true, force: true });
});

async function start(env: Record<string, string>, options?: { waitForListen?: boolean }) {
  const app = await spawnApp(env, options);
  running.push(app);
  return app;
}

describe('configuration errors', () => {
  const good = () => minio.appEnv('config-check');
  it.each([
    ['MINIO_ENDPOINT missing', { MINIO_ENDPOINT: '' }, 'MINIO_ENDPOINT is required'],
    ['a URL as endpoint', { MINIO_ENDPOINT: 'http://minio:9000' }, 'MINIO_ENDPOINT must be a bare host name'],
    [
      'a port that is not a number',
      { MINIO_PORT: 'nine' },
      'MINIO_PORT must be a whole number from 1 to 65535 (got "nine")',
    ],
    ['a port out of range', { PORT: '70000' }, 'PORT must be from 0 to 65535 (got "70000")'],
    ['a TLS flag that is not a boolean', { MINIO_USE_SSL: 'yes' }, 'MINIO_USE_SSL must be true or false (got "yes")'],
    ['an invalid bucket name', { MINIO_BUCKET: 'Bad_Bucket' }, 'MINIO_BUCKET must be 3-63 characters'],
    [
      'an unknown log level',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    ['a part size below the S3 minimum', { MINIO_PART_SIZE_MB: '4' }, 'MINIO_PART_SIZE_MB must be from 5 to 512'],
    [
      'a limit the part size cannot reach',
      { MINIO_PART_SIZE_MB: '5', MAX_OBJECT_BYTES: String(60 * 1024 ** 3) },
      'MAX_OBJECT_BYTES must be at most',
    ],
    [
      'a secret key that is too short',
      { MINIO_SECRET_KEY: 'short7' },
      'MINIO_SECRET_KEY must be at least 8 characters',
    ],
    [
      'a public URL without scheme',
      { MINIO_PUBLIC_URL: 'minio.example.com' },
      'MINIO_PUBLIC_URL must be an http(s) URL',
    ],
  ])('when %s, then the app exits 1 with one line naming the variable', async (_label, override, message) => {
    const result = await runAppToExit({ ...good(), ...override });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('when the secret key is invalid, then its value is never printed', async () => {
    const result = await runAppToExit({ ...good(), MINIO_SECRET_KEY: 'sh0rt!' });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).not.toContain('sh0rt!');
  });

  it('when both MINIO_SECRET_KEY and MINIO_SECRET_KEY_FILE are set, then it says to set only one', async () => {
    const file = path.join(secrets, 'both');
    writeFileSync(file, minio.secretKey);
    const result = await runAppToExit({ ...good(), MINIO_SECRET_KEY_FILE: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MINIO_SECRET_KEY and MINIO_SECRET_KEY_FILE are both set: set only one of them');
  });

  it('when MINIO_SECRET_KEY_FILE points nowhere, then it names the variable and the path', async () => {
    const { MINIO_SECRET_KEY: _unused, ...env } = good();
    const result = await runAppToExit({ ...env, MINIO_SECRET_KEY_FILE: '/nonexistent/secret' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'MINIO_SECRET_KEY_FILE points to /nonexistent/secret, which cannot be read (ENOENT)',
    );
  });

  it('when the credentials come from *_FILE variables, then the app serves with them and logs neither', async () => {
    const { MINIO_SECRET_KEY: _s, MINIO_ACCESS_KEY: _a, ...env } = good();
    writeFileSync(path.join(secrets, 'access'), `${minio.accessKey}\n`);
    writeFileSync(path.join(secrets, 'secret'), `${minio.secretKey}\n`);
    const app = await start({
      ...env,
      MINIO_ACCESS_KEY_FILE: path.join(secrets, 'access'),
      MINIO_SECRET_KEY_FILE: path.join(secrets, 'secret'),
    });
    await waitFor('readiness', async () => ((await fetch(`${app.url}/health/ready`)).ok ? true : undefined));
    expect((await fetch(`${app.url}/objects/file-creds`, { method: 'PUT', body: 'ok' })).status).toBe(201);
    expect(app.output()).not.toContain(minio.secretKey);
  });
});

describe('start-up while MinIO is down', () => {
  it('when MinIO is unreachable at start, then the app stays up, reports not ready, and creates the bucket once MinIO arrives', async () => {
    await minio.stop();
    try {
      const app = await start({ ...minio.appEnv('late-bucket'), READINESS_CACHE_MS: '0' });
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
      const notReady = await fetch(`${app.url}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not_ready',
        reason: expect.stringContaining('storage unreachable'),
      });
      await waitFor('a retry to be logged', async () =>
        app.output().includes('bucket not ready yet, retrying') ? true : undefined,
      );
      await minio.start();
      await waitFor(
        'readiness after MinIO returns',
        async () => ((await fetch(`${app.url}/health/ready`)).ok ? true : undefined),
        {
          timeoutMs: 30_000,
        },
      );
      expect(await minioClient(minio).bucketExists('late-bucket')).toBe(true);
      expect(app.child.exitCode).toBeNull();
    } finally {
      await minio.start();
    }
  });
});

/** Opens a chunked PUT and returns controls to feed it and to read the answer. */
function openUpload(url: string) {
  const req = http.request(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    agent: false,
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  response.catch(() => undefined);
  return { req, response };
}

describe('graceful shutdown', () => {
  it('when SIGTERM arrives with an upload in flight, then readiness fails first, the upload completes, and the process exits 0', async () => {
    const app = await start({ ...minio.appEnv('drain'), SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '20000' });
    await waitFor('readiness', async () => ((await fetch(`${app.url}/health/ready`)).ok ? true : undefined));
    const upload = openUpload(`${app.url}/objects/in-flight.bin`);
    upload.req.write(Buffer.alloc(256 * 1024, 1));
    await waitFor('the upload to be in flight', async () =>
      (await (await fetch(`${app.url}/metrics`)).text()).includes(
        'datahub_http_requests_in_flight{method="PUT",route="/objects/:key"} 1',
      )
        ? true
        : undefined,
    );

    app.child.kill('SIGTERM');
    await waitFor('readiness to fail', async () =>
      (await fetch(`${app.url}/health/ready`)).status === 503 ? true : undefined,
    );
    const ready = await fetch(`${app.url}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'not_ready', reason: 'shutting down' });

    upload.req.write(Buffer.alloc(256 * 1024, 2));
    upload.req.end();
    const answer = await upload.response;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ key: 'in-flight.bin', size: 512 * 1024 });

    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('shutdown: drained');
    expect(await objectExists(minioClient(minio), 'drain', 'in-flight.bin')).toBe(true);
    // The listener is closed: nothing accepts new connections any more.
    await expect(fetch(`${app.url}/health/live`)).rejects.toThrow();
  });

  it('when an upload outlives the grace period, then it is cut, nothing is stored, and the process still exits 0', async () => {
    const app = await start({ ...minio.appEnv('grace'), SHUTDOWN_GRACE_MS: '1000' });
    await waitFor('readiness', async () => ((await fetch(`${app.url}/health/ready`)).ok ? true : undefined));
    const upload = openUpload(`${app.url}/objects/too-slow.bin`);
    upload.req.write(Buffer.alloc(64 * 1024, 1));
    await new Promise((r) => setTimeout(r, 200));
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('grace period over');
    await expect(upload.response).rejects.toThrow();
    expect(await objectExists(minioClient(minio), 'grace', 'too-slow.bin')).toBe(false);
  });

  it('when SIGINT arrives on an idle app, then it exits 0 promptly', async () => {
    const app = await start(minio.appEnv('idle'));
    app.child.kill('SIGINT');
    expect(await app.exited).toEqual({ code: 0, signal: null });
  });
});
