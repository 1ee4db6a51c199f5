import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { APP_METRICS, APP_METRIC_LABELS as L, type StorageResult } from './contract';

export type StorageOp = 'put' | 'get' | 'stat' | 'delete' | 'list' | 'presign' | 'ping' | 'ensure_bucket';

/** Every metric the app exposes, on its own registry so tests and apps never share state. */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: APP_METRICS.httpRequests,
    help: 'HTTP requests completed, by method, route template and status code.',
    labelNames: [L.method, L.route, L.status] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: APP_METRICS.httpRequestDuration,
    help: 'HTTP request latency from arrival to the last byte written, by method, route template and status code.',
    labelNames: [L.method, L.route, L.status] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly httpInFlight = new Gauge({
    name: APP_METRICS.httpRequestsInFlight,
    help: 'HTTP requests being served now, by method and route template.',
    labelNames: [L.method, L.route] as const,
    registers: [this.registry],
  });

  readonly httpErrors = new Counter({
    name: APP_METRICS.httpErrors,
    help: 'Error responses, by the stable error code in the JSON body.',
    labelNames: [L.code] as const,
    registers: [this.registry],
  });

  readonly storageOps = new Counter({
    name: APP_METRICS.storageOperations,
    help: 'Object storage operations, by operation and result.',
    labelNames: [L.op, L.result] as const,
    registers: [this.registry],
  });

  readonly storageDuration = new Histogram({
    name: APP_METRICS.storageOperationDuration,
    help: 'Object storage operation latency, by operation and result.',
    labelNames: [L.op, L.result] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly storageUp = new Gauge({
    name: APP_METRICS.storageUp,
    help: '1 when the last storage check or operation reached MinIO, 0 when it could not.',
    registers: [this.registry],
  });

  readonly bytesReceived = new Counter({
    name: APP_METRICS.objectBytesReceived,
    help: 'Object bytes received from clients in PUT bodies.',
    registers: [this.registry],
  });

  readonly bytesSent = new Counter({
    name: APP_METRICS.objectBytesSent,
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
