import type { Client } from '../../../app/node_modules/minio';
import { startApp, type AppUnderTest } from '../../support/app-under-test';
import { incompleteUploads, minioClient, objectExists } from '../../support/minio-client';
import { MinioServer } from '../../support/minio-server';
import { getBytes, payloadChunks, sha256, sha256OfPayload, streamPut } from '../../support/raw-http';
import { scrape } from '../../support/metrics-text';
import { waitFor } from '../../support/wait-for';

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const LIMIT = 12 * MiB;

let minio: MinioServer;
let app: AppUnderTest;
let s3: Client;
let bucket: string;

beforeAll(async () => {
  minio = await MinioServer.launch();
  // The smallest part size S3 allows, so a few MiB exercise the multipart path.
  app = await startApp(minio, { MINIO_PART_SIZE_MB: '5', MAX_OBJECT_BYTES: String(LIMIT) });
  s3 = minioClient(minio);
  bucket = app.config.storage.bucket;
});
afterAll(async () => {
  await app?.close();
  await minio?.destroy();
});

const objectUrl = (key: string) => `${app.url}/objects/${key}`;

describe('streamed uploads', () => {
  it.each([
    ['chunked, below one part', 3 * MiB + 17, false, /^[0-9a-f]{32}$/],
    ['chunked, exactly one part', PART, false, /^[0-9a-f]{32}$/],
    ['chunked, exactly two parts', 2 * PART, false, /^[0-9a-f]{32}-2$/],
    ['chunked, three parts', 11 * MiB + 3, false, /^[0-9a-f]{32}-3$/],
    ['with Content-Length, three parts', 11 * MiB + 3, true, /^[0-9a-f]{32}-3$/],
    ['at the limit exactly', LIMIT, true, /^[0-9a-f]{32}-3$/],
  ])(
    'when a body is sent %s (%i bytes), then it is stored byte-identical',
    async (_label, size, withLength, etagShape) => {
      const key = `uploads/${size}-${withLength ? 'len' : 'chunked'}`;
      const res = await streamPut(
        objectUrl(key),
        payloadChunks(size, 256 * 1024, size),
        withLength ? { contentLength: size } : {},
      );
      expect(res).not.toBe('aborted');
      if (res === 'aborted') return;
      expect(res.status).toBe(201);
      const body = JSON.parse(res.body.toString()) as { key: string; etag: string; size: number };
      expect(body).toEqual({ key, etag: expect.stringMatching(etagShape), size });
      const download = await getBytes(objectUrl(key));
      expect(download.body.length).toBe(size);
      expect(sha256(download.body)).toBe(sha256OfPayload(size, size));
      expect(download.headers.get('etag')).toBe(`"${body.etag}"`);
    },
  );

  it('when Content-Length exceeds the limit, then 413 arrives before the body is read and nothing is stored', async () => {
    const res = await streamPut(objectUrl('too-big-declared'), payloadChunks(LIMIT + 1), { contentLength: LIMIT + 1 });
    if (res === 'aborted') throw new Error('expected an answer');
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString())).toEqual({
      error: { code: 'object_too_large', message: expect.stringContaining(String(LIMIT)) },
    });
    expect(res.headers.connection).toBe('close');
    expect(await objectExists(s3, bucket, 'too-big-declared')).toBe(false);
  });

  it('when a chunked body grows past the limit mid-stream, then 413 and no object or orphaned parts remain', async () => {
    const res = await streamPut(objectUrl('too-big-chunked'), payloadChunks(LIMIT + 2 * MiB));
    if (res === 'aborted') throw new Error('expected an answer');
    expect(res.status).toBe(413);
    expect(await objectExists(s3, bucket, 'too-big-chunked')).toBe(false);
    expect(await incompleteUploads(s3, bucket)).not.toContain('too-big-chunked');
  });

  it('when an oversize body replaces an existing object, then the existing object is untouched', async () => {
    await streamPut(objectUrl('keep-me'), [Buffer.from('original')]);
    const res = await streamPut(objectUrl('keep-me'), payloadChunks(LIMIT + MiB));
    if (res === 'aborted') throw new Error('expected an answer');
    expect(res.status).toBe(413);
    expect((await getBytes(objectUrl('keep-me'))).body.toString()).toBe('original');
  });

  it.each([
    ['inside the first part', 2 * MiB],
    ['after two parts went up', 2 * PART + MiB],
  ])('when the client disconnects %s, then no object and no orphaned parts remain', async (_label, cutAt) => {
    const key = `aborted-${cutAt}`;
    await streamPut(objectUrl(`${key}-witness`), [Buffer.from('still here')]);
    const res = await streamPut(objectUrl(key), payloadChunks(LIMIT), { abortAfterBytes: cutAt });
    expect(res).toBe('aborted');
    await waitFor('the aborted upload to be cleaned up', async () =>
      (await incompleteUploads(s3, bucket)).includes(key) ? undefined : true,
    );
    expect(await objectExists(s3, bucket, key)).toBe(false);
    expect((await getBytes(objectUrl(`${key}-witness`))).body.toString()).toBe('still here');
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
  });

  it('when clients hang up mid-upload, then the metrics blame the client, not the storage', async () => {
    const m = await scrape(app.url);
    expect(m.value('datahub_storage_up')).toBe(1);
    expect(m.value('datahub_http_errors_total', { code: 'client_closed_request' })).toBeGreaterThanOrEqual(2);
    expect(m.value('datahub_http_errors_total', { code: 'storage_unavailable' })).toBeUndefined();
    expect(m.value('datahub_storage_operations_total', { op: 'put', result: 'aborted' })).toBeGreaterThanOrEqual(4);
    expect(m.value('datahub_storage_operations_total', { op: 'put', result: 'unavailable' })).toBeUndefined();
  });

  it('when a client hangs up mid-download, then it is counted as a client close and the app keeps serving', async () => {
    const size = 9 * MiB;
    await streamPut(objectUrl('cut-download'), payloadChunks(size), { contentLength: size });
    const controller = new AbortController();
    const res = await fetch(objectUrl('cut-download'), { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await waitFor('the close to be counted', async () =>
      ((await scrape(app.url)).value('datahub_http_requests_total', {
        method: 'GET',
        route: '/objects/:key',
        status: '200',
      }) ?? 0) >= 1
        ? true
        : undefined,
    );
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    expect((await scrape(app.url)).value('datahub_http_errors_total', { code: 'internal_error' })).toBeUndefined();
  });

  it('when an object is downloaded, then it streams back without the app buffering it (Content-Length set up front)', async () => {
    const size = 9 * MiB;
    await streamPut(objectUrl('stream-back'), payloadChunks(size, 256 * 1024, 9), { contentLength: size });
    const res = await fetch(objectUrl('stream-back'));
    expect(res.headers.get('content-length')).toBe(String(size));
    const reader = res.body!.getReader();
    let received = 0;
    let reads = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      received += r.value.length;
      reads++;
    }
    expect(received).toBe(size);
    expect(reads).toBeGreaterThan(1);
  });
});
