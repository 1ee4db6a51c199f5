import request from 'supertest';
import { MinioServer } from '../../support/minio-server';
import { startApp, type AppUnderTest } from '../../support/app-under-test';

let minio: MinioServer;
let app: AppUnderTest;

beforeAll(async () => {
  minio = await MinioServer.launch();
  app = await startApp(minio);
});
afterAll(async () => {
  await app?.close();
  await minio?.destroy();
});

const enc = (key: string) => key.split('/').map(encodeURIComponent).join('/');

describe('object CRUD', () => {
  it('when an object is PUT, then GET returns the same bytes with its Content-Type, Content-Length and ETag', async () => {
    const body = Buffer.from('hello, datahub \u2713');
    const put = await request(app.url).put('/objects/docs/greeting.txt').set('Content-Type', 'text/plain').send(body);
    expect(put.status).toBe(201);
    expect(put.body).toEqual({
      key: 'docs/greeting.txt',
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
      size: body.length,
    });
    expect(put.headers.location).toBe('/objects/docs/greeting.txt');

    const get = await request(app.url).get('/objects/docs/greeting.txt').buffer(true);
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toBe('text/plain');
    expect(get.headers['content-length']).toBe(String(body.length));
    expect(get.headers.etag).toBe(`"${put.body.etag}"`);
    expect(Buffer.from(get.text)).toEqual(body);
  });

  it('when an object is PUT without a Content-Type, then it is stored as application/octet-stream', async () => {
    const res = await request(app.url)
      .put('/objects/raw.bin')
      .send(Buffer.from([1, 2, 3]));
    expect(res.status).toBe(201);
    const head = await request(app.url).head('/objects/raw.bin');
    expect(head.headers['content-type']).toBe('application/octet-stream');
  });

  it('when HEAD is sent, then the headers match GET and there is no body', async () => {
    await request(app.url).put('/objects/head-me').set('Content-Type', 'application/json').send('{"a":1}');
    const head = await request(app.url).head('/objects/head-me');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('7');
    expect(head.headers['content-type']).toBe('application/json');
    expect(head.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(head.text).toBeUndefined();
  });

  it('when an object is replaced, then GET returns the new content and a new ETag', async () => {
    const first = await request(app.url).put('/objects/replace-me').send('one');
    const second = await request(app.url).put('/objects/replace-me').send('two!');
    expect(second.body.etag).not.toBe(first.body.etag);
    const get = await request(app.url)
      .get('/objects/replace-me')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect((get.body as Buffer).toString()).toBe('two!');
  });

  it('when an object is DELETEd, then it is gone and a second DELETE is still 204', async () => {
    await request(app.url).put('/objects/delete-me').send('bye');
    expect((await request(app.url).delete('/objects/delete-me')).status).toBe(204);
    const get = await request(app.url).get('/objects/delete-me');
    expect(get.status).toBe(404);
    expect(get.body).toEqual({ error: { code: 'object_not_found', message: expect.any(String) } });
    expect((await request(app.url).delete('/objects/delete-me')).status).toBe(204);
  });

  it('when the key holds UTF-8 and encoded characters, then it round-trips', async () => {
    const key = 'ünïcode/spaces and %/日本.txt';
    const put = await request(app.url)
      .put(`/objects/${enc(key)}`)
      .send('x');
    expect(put.status).toBe(201);
    expect(put.body.key).toBe(key);
    expect((await request(app.url).get(`/objects/${enc(key)}`)).status).toBe(200);
  });

  it('when an empty object is PUT, then GET returns 200 with Content-Length 0', async () => {
    const put = await request(app.url).put('/objects/empty').send(Buffer.alloc(0));
    expect(put.status).toBe(201);
    expect(put.body.size).toBe(0);
    const get = await request(app.url).get('/objects/empty');
    expect(get.status).toBe(200);
    expect(get.headers['content-length']).toBe('0');
  });

  it('when GET /objects/a/presign is sent, then it reads the object "a/presign" (only POST presigns)', async () => {
    await request(app.url).put('/objects/a/presign').send('not a presign');
    const get = await request(app.url).get('/objects/a/presign');
    expect(get.status).toBe(200);
    expect(get.text ?? get.body.toString()).toBe('not a presign');
  });
});

describe('conditional and range requests', () => {
  const content = Buffer.from('0123456789abcdefghij');
  let etag: string;
  beforeAll(async () => {
    etag = (await request(app.url).put('/objects/ranged').send(content)).body.etag;
  });

  it('when If-None-Match carries the current ETag, then GET and HEAD answer 304 without a body', async () => {
    const get = await request(app.url).get('/objects/ranged').set('If-None-Match', `"${etag}"`);
    expect(get.status).toBe(304);
    expect(get.headers.etag).toBe(`"${etag}"`);
    expect(get.headers['content-length']).toBeUndefined();
    expect(get.text ?? '').toBe('');
    expect((await request(app.url).head('/objects/ranged').set('If-None-Match', `"${etag}"`)).status).toBe(304);
  });

  it('when If-None-Match carries another ETag, then GET answers 200', async () => {
    expect((await request(app.url).get('/objects/ranged').set('If-None-Match', '"other"')).status).toBe(200);
  });

  it.each([
    ['bytes=0-4', '01234', 'bytes 0-4/20'],
    ['bytes=15-', 'fghij', 'bytes 15-19/20'],
    ['bytes=-3', 'hij', 'bytes 17-19/20'],
    ['bytes=18-99', 'ij', 'bytes 18-19/20'],
  ])('when Range is %s, then 206 returns %s with Content-Range %s', async (range, expected, contentRange) => {
    const res = await request(app.url).get('/objects/ranged').set('Range', range);
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(contentRange);
    expect(res.headers['content-length']).toBe(String(expected.length));
    expect(res.text ?? res.body.toString()).toBe(expected);
  });

  it('when the Range starts past the end, then 416 names the size', async () => {
    const res = await request(app.url).get('/objects/ranged').set('Range', 'bytes=50-60');
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */20');
    expect(res.body.error.code).toBe('range_not_satisfiable');
  });

  it('when HEAD carries a Range, then it answers 206 headers without a body', async () => {
    const res = await request(app.url).head('/objects/ranged').set('Range', 'bytes=0-9');
    expect(res.status).toBe(206);
    expect(res.headers['content-length']).toBe('10');
  });

  it('when If-Range names a stale ETag, then the whole object is returned', async () => {
    const res = await request(app.url).get('/objects/ranged').set('Range', 'bytes=0-4').set('If-Range', '"stale"');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('20');
  });

  it('when Range is malformed, then the whole object is returned', async () => {
    const res = await request(app.url).get('/objects/ranged').set('Range', 'pages=1-2');
    expect(res.status).toBe(200);
  });
});

describe('key rules', () => {
  const longKey = 'k'.repeat(1025);
  const longUtf8Key = '\u00e9'.repeat(513); // 1026 bytes in UTF-8
  it.each([
    ['a NUL byte', 'a%00b', 'NUL or control'],
    ['a control character', 'a%07b', 'NUL or control'],
    ['a DEL character', 'a%7Fb', 'NUL or control'],
    ['a newline', 'line%0Abreak', 'NUL or control'],
    ['a ".." segment', 'a/%2E%2E/b', '".." path segment'],
    ['a trailing ".." segment', 'a/%2E%2E', '".." path segment'],
    ['a leading "/"', '%2Fabsolute', 'must not start with "/"'],
    ['an empty first segment', '/double', 'must not start with "/"'],
    ['more than 1024 bytes', longKey, 'at most 1024 UTF-8 bytes'],
    ['a segment over 255 bytes', `ok/${'s'.repeat(256)}`, 'segment must be at most 255 UTF-8 bytes'],
    ['more than 1024 UTF-8 bytes in fewer characters', encodeURIComponent(longUtf8Key), 'at most 1024 UTF-8 bytes'],
  ])('when the key has %s, then PUT is 400 invalid_key naming the rule', async (_label, rawKey, rule) => {
    const res = await request(app.url).put(`/objects/${rawKey}`).send('x');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_key');
    expect(res.body.error.message).toContain(rule);
  });

  it('when a key is exactly 1024 bytes in segments of at most 255, then it is accepted', async () => {
    const key = ['a'.repeat(255), 'b'.repeat(255), 'c'.repeat(255), 'd'.repeat(250), 'e'.repeat(5)].join('/');
    expect(Buffer.byteLength(key)).toBe(1024);
    expect((await request(app.url).put(`/objects/${key}`).send('x')).status).toBe(201);
  });

  it('when the path has broken percent-encoding, then the answer is a JSON 400', async () => {
    const res = await request(app.url).get('/objects/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it.each(['get', 'head', 'delete'] as const)(
    'when %s uses a bad key, then it is rejected before storage',
    async (method) => {
      const res = await request(app.url)[method]('/objects/a%00b');
      expect(res.status).toBe(400);
    },
  );
});

describe('listing', () => {
  const keys = Array.from({ length: 7 }, (_, i) => `list/item-${String(i).padStart(2, '0')}`);
  beforeAll(async () => {
    for (const key of keys) await request(app.url).put(`/objects/${key}`).send(key);
    await request(app.url).put('/objects/listing-other').send('x');
  });

  it('when listing with a prefix and limit, then pages follow the cursor until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(app.url)
        .get('/objects')
        .query({ prefix: 'list/', limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i: { key: string }) => i.key));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(keys);
  });

  it('when listing, then each item has key, size, etag and lastModified', async () => {
    const res = await request(app.url).get('/objects').query({ prefix: 'list/item-00' });
    expect(res.body).toEqual({
      items: [
        {
          key: 'list/item-00',
          size: 12,
          etag: expect.stringMatching(/^[0-9a-f]{32}$/),
          lastModified: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit must be from 1 to 1000'],
    [{ limit: '1001' }, 'limit must be from 1 to 1000'],
    [{ limit: 'ten' }, 'limit must be a whole number'],
    [{ prefix: '/abs' }, 'prefix must not start with "/"'],
    [{ prefix: 'a\u0001' }, 'prefix must not contain NUL or control characters'],
  ])('when the query is %j, then 400 invalid_query says "%s"', async (query, message) => {
    const res = await request(app.url).get('/objects').query(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid_query', message: expect.stringContaining(message) });
  });

  it('when a query parameter is repeated, then 400 names it', async () => {
    const res = await request(app.url).get('/objects?limit=1&limit=2');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('limit must be given once');
  });

  it('when the cursor was not issued by the server, then 400 invalid_cursor', async () => {
    const res = await request(app.url).get('/objects').query({ cursor: 'not-a-real-token' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_cursor');
  });
});

describe('presigned URLs', () => {
  it('when a GET URL is presigned, then a plain HTTP client downloads the object with it', async () => {
    await request(app.url).put('/objects/shared/report.csv').set('Content-Type', 'text/csv').send('a,b\n1,2\n');
    const res = await request(app.url)
      .post('/objects/shared/report.csv/presign')
      .send({ method: 'GET', expiresInSeconds: 60 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      key: 'shared/report.csv',
      method: 'GET',
      url: expect.stringContaining('X-Amz-Signature='),
      expiresAt: expect.any(String),
    });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    const download = await fetch(res.body.url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('a,b\n1,2\n');
  });

  it('when a PUT URL is presigned, then a plain HTTP client uploads with it and the app reads it back', async () => {
    const res = await request(app.url).post('/objects/direct/upload.bin/presign').send({ method: 'PUT' });
    expect(res.status).toBe(200);
    const upload = await fetch(res.body.url, { method: 'PUT', body: Buffer.from('bypassed the app') });
    expect(upload.status).toBe(200);
    const get = await fetch(`${app.url}/objects/direct/upload.bin`);
    expect(await get.text()).toBe('bypassed the app');
  });

  it('when no body is sent, then a GET URL valid for 900 seconds is returned', async () => {
    const res = await request(app.url).post('/objects/anything/presign');
    expect(res.status).toBe(200);
    expect(res.body.method).toBe('GET');
    expect(res.body.url).toContain('X-Amz-Expires=900');
  });

  it('when a presigned URL has expired, then MinIO refuses it', async () => {
    await request(app.url).put('/objects/short-lived').send('x');
    const res = await request(app.url).post('/objects/short-lived/presign').send({ expiresInSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(res.body.url)).status).toBe(403);
  });

  it.each([
    [{ method: 'DELETE' }, 'method must be "GET" or "PUT"'],
    [{ expiresInSeconds: 0 }, 'expiresInSeconds must be from 1 to 3600'],
    [{ expiresInSeconds: 3601 }, 'expiresInSeconds must be from 1 to 3600'],
    [{ expiresInSeconds: 1.5 }, 'expiresInSeconds must be a whole number'],
    [{ expiresInSeconds: '60' }, 'expiresInSeconds must be a whole number'],
    [{ verb: 'GET' }, 'unknown field(s): verb'],
  ])('when the body is %j, then 400 invalid_body says "%s"', async (body, message) => {
    const res = await request(app.url).post('/objects/x/presign').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid_body', message: expect.stringContaining(message) });
  });

  it('when the body is not valid JSON, then 400 invalid_json', async () => {
    const res = await request(app.url)
      .post('/objects/x/presign')
      .set('Content-Type', 'application/json')
      .send('{"method":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

describe('routing errors', () => {
  it('when the route is unknown, then 404 route_not_found as JSON', async () => {
    const res = await request(app.url).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'route_not_found', message: 'no route for GET /nope' } });
  });

  it.each([
    ['patch', '/objects/x', 'GET, HEAD, PUT, DELETE, OPTIONS'],
    ['post', '/objects/x', 'GET, HEAD, PUT, DELETE, OPTIONS'],
    ['put', '/objects', 'GET, HEAD, OPTIONS'],
    ['delete', '/health/ready', 'GET, HEAD, OPTIONS'],
    ['post', '/metrics', 'GET, HEAD, OPTIONS'],
  ] as const)('when %s %s is sent, then 405 with Allow: %s', async (method, path, allow) => {
    const res = await request(app.url)[method](path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body.error.code).toBe('method_not_allowed');
  });

  it('when OPTIONS is sent, then 204 lists the allowed methods', async () => {
    const res = await request(app.url).options('/objects/x');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
  });

  it('when X-Request-Id is sent, then it is echoed and logged; otherwise one is generated', async () => {
    const kept = await request(app.url).get('/objects/nope').set('X-Request-Id', 'trace-abc.123');
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    expect(app.logs.some((l) => (l.req as { id?: string } | undefined)?.id === 'trace-abc.123')).toBe(true);
    const generated = await request(app.url).get('/objects/nope').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when requests are served, then no log line carries a credential or an object body', async () => {
    await request(app.url).put('/objects/secret-body').send('TOP-SECRET-PAYLOAD');
    const text = JSON.stringify(app.logs);
    expect(text).not.toContain(minio.secretKey);
    expect(text).not.toContain('TOP-SECRET-PAYLOAD');
    expect(app.logs.length).toBeGreaterThan(0);
  });
});

describe('health', () => {
  it('when MinIO is up and the bucket exists, then live and ready are 200', async () => {
    expect((await request(app.url).get('/health/live')).body).toEqual({ status: 'alive' });
    const ready = await request(app.url).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });
});
