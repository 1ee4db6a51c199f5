import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { APP_METRICS, APP_METRIC_LABELS as L, type StorageResult } from './contract';

export type StorageOp = 'put' | 'get' | 'stat' | 'delete' | 'list' | 'presign' | 'ping' | 'ensure_bucket';

type MetricKey = keyof typeof APP_METRICS;

/** What each metric measures: its HELP line on /metrics. */
const HELP: Record<MetricKey, string> = {
  httpRequests: 'HTTP requests completed, by method, route template and status code.',
  httpRequestDuration:
    'HTTP request latency from arrival to the last byte written, by method, route template and status code.',
  httpRequestsInFlight: 'HTTP requests being served now, by method and route template.',
  httpErrors: 'Error responses, by the stable error code in the JSON body.',
  storageOperations: 'Object storage operations, by operation and result.',
  storageOperationDuration: 'Object storage operation latency, by operation and result.',
  storageUp: '1 when the last storage check or operation reached MinIO, 0 when it could not.',
  objectBytesReceived: 'Object bytes received from clients in PUT bodies.',
  objectBytesSent: 'Object bytes sent to clients in GET bodies.',
};

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STORAGE_BUCKETS = [0.001, ...HTTP_BUCKETS];

const described = (key: MetricKey, registry: Registry) => ({
  name: APP_METRICS[key],
  help: HELP[key],
  registers: [registry],
});

const counter = <T extends string = string>(registry: Registry, key: MetricKey, labelNames: readonly T[] = []) =>
  new Counter<T>({ ...described(key, registry), labelNames });
const gauge = <T extends string = string>(registry: Registry, key: MetricKey, labelNames: readonly T[] = []) =>
  new Gauge<T>({ ...described(key, registry), labelNames });
const histogram = <T extends string>(registry: Registry, key: MetricKey, labelNames: readonly T[], buckets: number[]) =>
  new Histogram<T>({ ...described(key, registry), labelNames, buckets });

/** Every metric the app exposes, on its own registry so tests and apps never share state. */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequests = counter(this.registry, 'httpRequests', [L.method, L.route, L.status]);
  readonly httpDuration = histogram(this.registry, 'httpRequestDuration', [L.method, L.route, L.status], HTTP_BUCKETS);
  readonly httpInFlight = gauge(this.registry, 'httpRequestsInFlight', [L.method, L.route]);
  readonly httpErrors = counter(this.registry, 'httpErrors', [L.code]);
  readonly storageOps = counter(this.registry, 'storageOperations', [L.op, L.result]);
  readonly storageDuration = histogram(this.registry, 'storageOperationDuration', [L.op, L.result], STORAGE_BUCKETS);
  readonly storageUp = gauge(this.registry, 'storageUp');
  readonly bytesReceived = counter(this.registry, 'objectBytesReceived');
  readonly bytesSent = counter(this.registry, 'objectBytesSent');

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
