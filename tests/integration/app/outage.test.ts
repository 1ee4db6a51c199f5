import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startApp, type AppUnderTest } from '../../support/app-under-test';
import { scrape } from '../../support/metrics-text';
import { MinioServer } from '../../support/minio-server';
import { getBytes, payloadChunks, sha256, sha256OfPayload, streamPut } from '../../support/raw-http';
import { waitFor } from '../../support/wait-for';

let minio: MinioServer;
let app: AppUnderTest;
const MiB = 1024 * 1024;

beforeAll(async () => {
  minio = await MinioServer.launch();
  app = await startApp(minio, { MINIO_TIMEOUT_MS: '3000' });
});
afterAll(async () => {
  await app?.close();
  await minio?.destroy();
});

describe('when MinIO stops mid-run and comes back', () => {
  const small = Buffer.from('written before the outage');
  const bigSize = 7 * MiB + 5;

  beforeAll(async () => {
    expect((await request(app.url).put('/objects/before/small.txt').send(small)).status).toBe(201);
    const big = await streamPut(`${app.url}/objects/before/big.bin`, payloadChunks(bigSize, 256 * 1024, 42), {
      contentLength: bigSize,
    });
    expect(big !== 'aborted' && big.status).toBe(201);
    await minio.stop();
  });

  it.each([
    ['GET', () => request(app.url).get('/objects/before/small.txt')],
    ['HEAD', () => request(app.url).head('/objects/before/small.txt')],
    ['PUT', () => request(app.url).put('/objects/during/outage').send('x')],
    ['DELETE', () => request(app.url).delete('/objects/before/small.txt')],
    ['list', () => request(app.url).get('/objects')],
  ])('then %s answers 503 storage_unavailable with Retry-After', async (method, send) => {
    const res = await send();
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    if (method !== 'HEAD') expect(res.body.error.code).toBe('storage_unavailable');
  });

  it('then readiness is 503 with a reason while liveness stays 200', async () => {
    const ready = await request(app.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'not_ready', reason: expect.stringContaining('storage unreachable') });
    expect((await request(app.url).get('/health/live')).status).toBe(200);
  });

  it('then the metrics show storage down and unavailable operations', async () => {
    const m = await scrape(app.url);
    expect(m.value('datahub_storage_up')).toBe(0);
    expect(m.value('datahub_storage_operations_total', { op: 'get', result: 'unavailable' })).toBeGreaterThanOrEqual(1);
    expect(m.value('datahub_storage_operations_total', { op: 'stat', result: 'unavailable' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(m.value('datahub_http_errors_total', { code: 'storage_unavailable' })).toBeGreaterThanOrEqual(4);
  });

  it('then, once MinIO is back, the same app recovers without a restart and every earlier object reads back intact', async () => {
    await minio.start();
    await waitFor(
      'readiness to recover',
      async () => ((await fetch(`${app.url}/health/ready`)).status === 200 ? true : undefined),
      {
        timeoutMs: 20_000,
      },
    );
    const smallBack = await getBytes(`${app.url}/objects/before/small.txt`);
    expect(smallBack.status).toBe(200);
    expect(smallBack.body).toEqual(small);
    const bigBack = await getBytes(`${app.url}/objects/before/big.bin`);
    expect(sha256(bigBack.body)).toBe(sha256OfPayload(bigSize, 42));
    expect((await request(app.url).put('/objects/after/outage').send('y')).status).toBe(201);
    expect((await scrape(app.url)).value('datahub_storage_up')).toBe(1);
  });
});

describe('when MinIO comes back without the bucket (its data was wiped)', () => {
  it('then object calls answer 503 and readiness names the missing bucket, instead of 500s', async () => {
    await minio.stop();
    for (const entry of readdirSync(minio.dataDir))
      rmSync(path.join(minio.dataDir, entry), { recursive: true, force: true });
    await minio.start();
    const res = await request(app.url).get('/objects/before/small.txt');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('storage_unavailable');
    const ready = await request(app.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.reason).toBe(`bucket "${app.config.storage.bucket}" does not exist`);
  });
});
