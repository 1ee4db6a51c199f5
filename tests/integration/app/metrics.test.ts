import http from 'node:http';
import request from 'supertest';
import { startApp, type AppUnderTest } from '../../support/app-under-test';
import { scrape, type Scrape } from '../../support/metrics-text';
import { MinioServer } from '../../support/minio-server';

let minio: MinioServer;
let app: AppUnderTest;
let after: Scrape;
const body = Buffer.alloc(1000, 'a');

beforeAll(async () => {
  minio = await MinioServer.launch();
  app = await startApp(minio);
  // Known traffic: 3 PUTs, 2 GETs, 1 miss, 1 bad key, 1 unknown route, 1 405, 1 listing, 1 presign.
  for (const key of ['m/one', 'm/two', 'm/three']) await request(app.url).put(`/objects/${key}`).send(body);
  await request(app.url).get('/objects/m/one');
  await request(app.url).get('/objects/m/two');
  await request(app.url).get('/objects/m/missing');
  await request(app.url).put('/objects/bad%00key').send('x');
  await request(app.url).get('/no/such/route');
  await request(app.url).patch('/objects/m/one');
  await request(app.url).get('/objects').query({ prefix: 'm/' });
  await request(app.url).post('/objects/m/one/presign').send({});
  after = await scrape(app.url);
});
afterAll(async () => {
  await app?.close();
  await minio?.destroy();
});

describe('metrics after known traffic', () => {
  it('counts requests by method, route template and status', () => {
    expect(after.value('datahub_http_requests_total', { method: 'PUT', route: '/objects/:key', status: '201' })).toBe(
      3,
    );
    expect(after.value('datahub_http_requests_total', { method: 'GET', route: '/objects/:key', status: '200' })).toBe(
      2,
    );
    expect(after.value('datahub_http_requests_total', { method: 'GET', route: '/objects/:key', status: '404' })).toBe(
      1,
    );
    expect(after.value('datahub_http_requests_total', { method: 'PUT', route: '/objects/:key', status: '400' })).toBe(
      1,
    );
    expect(after.value('datahub_http_requests_total', { method: 'PATCH', route: '/objects/:key', status: '405' })).toBe(
      1,
    );
    expect(after.value('datahub_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(after.value('datahub_http_requests_total', { method: 'GET', route: '/objects', status: '200' })).toBe(1);
    expect(
      after.value('datahub_http_requests_total', { method: 'POST', route: '/objects/:key/presign', status: '200' }),
    ).toBe(1);
  });

  it('never labels a series with a raw path', () => {
    const routes = new Set(after.samples.map((s) => s.labels.route).filter((r): r is string => r !== undefined));
    expect([...routes].sort()).toEqual(['/metrics', '/objects', '/objects/:key', '/objects/:key/presign', 'unmatched']);
  });

  it('records one latency observation per request', () => {
    expect(
      after.value('datahub_http_request_duration_seconds_count', {
        method: 'PUT',
        route: '/objects/:key',
        status: '201',
      }),
    ).toBe(3);
    expect(
      after.value('datahub_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/objects/:key',
        status: '200',
      }),
    ).toBe(2);
  });

  it('counts error responses by their error code', () => {
    expect(after.value('datahub_http_errors_total', { code: 'object_not_found' })).toBe(1);
    expect(after.value('datahub_http_errors_total', { code: 'invalid_key' })).toBe(1);
    expect(after.value('datahub_http_errors_total', { code: 'route_not_found' })).toBe(1);
    expect(after.value('datahub_http_errors_total', { code: 'method_not_allowed' })).toBe(1);
  });

  it('counts storage operations and their latency by op and result', () => {
    expect(after.value('datahub_storage_operations_total', { op: 'put', result: 'success' })).toBe(3);
    // A plain GET is one storage call; the miss is a not_found get, and nothing needed a stat.
    expect(after.value('datahub_storage_operations_total', { op: 'get', result: 'success' })).toBe(2);
    expect(after.value('datahub_storage_operations_total', { op: 'get', result: 'not_found' })).toBe(1);
    expect(after.value('datahub_storage_operations_total', { op: 'stat', result: 'success' })).toBeUndefined();
    expect(after.value('datahub_storage_operations_total', { op: 'list', result: 'success' })).toBe(1);
    expect(after.value('datahub_storage_operations_total', { op: 'presign', result: 'success' })).toBe(1);
    expect(after.value('datahub_storage_operation_duration_seconds_count', { op: 'put', result: 'success' })).toBe(3);
  });

  it('counts object bytes in and out', () => {
    expect(after.value('datahub_object_bytes_received_total')).toBe(3 * body.length);
    expect(after.value('datahub_object_bytes_sent_total')).toBe(2 * body.length);
  });

  it('reports storage up and nothing in flight once traffic is done', async () => {
    expect(after.value('datahub_storage_up')).toBe(1);
    // The scrape itself is the only request in flight when the scrape is taken.
    const busy = after.samples.filter((s) => s.name === 'datahub_http_requests_in_flight' && s.value !== 0);
    expect(busy).toEqual([
      { name: 'datahub_http_requests_in_flight', labels: { method: 'GET', route: '/metrics' }, value: 1 },
    ]);
  });

  it('includes the Node default metrics', () => {
    expect(after.has('process_resident_memory_bytes')).toBe(true);
    expect(after.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('shows a request in the in-flight gauge while it is being served', async () => {
    const req = http.request(`${app.url}/objects/m/slow`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' } });
    req.write('partial body, request still open');
    let during: Scrape | undefined;
    for (
      let i = 0;
      i < 50 && during?.value('datahub_http_requests_in_flight', { method: 'PUT', route: '/objects/:key' }) !== 1;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
      during = await scrape(app.url);
    }
    expect(during?.value('datahub_http_requests_in_flight', { method: 'PUT', route: '/objects/:key' })).toBe(1);
    const done = new Promise((resolve) => req.on('response', (res) => res.resume().on('end', resolve)));
    req.end();
    await done;
    expect(
      (await scrape(app.url)).value('datahub_http_requests_in_flight', { method: 'PUT', route: '/objects/:key' }),
    ).toBe(0);
  });
});
