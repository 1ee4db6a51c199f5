import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type StorageOp = 'put' | 'get' | 'stat' | 'delete' | 'list' | 'presign' | 'ping' | 'ensure_bucket';
/** `aborted`: the caller's side failed (client went away, body over the limit); says nothing about MinIO. */
export type StorageResult = 'success' | 'not_found' | 'unavailable' | 'error' | 'aborted';

/** Every metric the app exposes, on its own registry so tests and apps never share state. */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'datahub_http_requests_total',
    help: 'HTTP requests completed, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'datahub_http_request_duration_seconds',
    help: 'HTTP request latency from arrival to the last byte written, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly httpInFlight = new Gauge({
    name: 'datahub_http_requests_in_flight',
    help: 'HTTP requests being served now, by method and route template.',
    labelNames: ['method', 'route'] as const,
    registers: [this.registry],
  });

  readonly httpErrors = new Counter({
    name: 'datahub_http_errors_total',
    help: 'Error responses, by the stable error code in the JSON body.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly storageOps = new Counter({
    name: 'datahub_storage_operations_total',
    help: 'Object storage operations, by operation and result.',
    labelNames: ['op', 'result'] as const,
    registers: [this.registry],
  });

  readonly storageDuration = new Histogram({
    name: 'datahub_storage_operation_duration_seconds',
    help: 'Object storage operation latency, by operation and result.',
    labelNames: ['op', 'result'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly storageUp = new Gauge({
    name: 'datahub_storage_up',
    help: '1 when the last storage check or operation reached MinIO, 0 when it could not.',
    registers: [this.registry],
  });

  readonly bytesReceived = new Counter({
    name: 'datahub_object_bytes_received_total',
    help: 'Object bytes received from clients in PUT bodies.',
    registers: [this.registry],
  });

  readonly bytesSent = new Counter({
    name: 'datahub_object_bytes_sent_total',
    help: 'Object bytes sent to clients in GET bodies.',
    registers: [this.registry],
  });

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Times a storage operation and records its result; `classify` maps a failure to a result label. */
  async timeStorage<T>(op: StorageOp, classify: (err: unknown) => StorageResult, run: () => Promise<T>): Promise<T> {
    const end = this.storageDuration.startTimer({ op });
    try {
      const value = await run();
      end({ result: 'success' });
      this.storageOps.inc({ op, result: 'success' });
      this.storageUp.set(1);
      return value;
    } catch (err) {
      const result = classify(err);
      end({ result });
      this.storageOps.inc({ op, result });
      if (result === 'unavailable') this.storageUp.set(0);
      else if (result !== 'aborted') this.storageUp.set(1);
      throw err;
    }
  }
}
