import { APP_METRICS as M, APP_METRIC_LABELS as L, type StorageResult } from '../../app/src/contract';
import type { AlertProfile } from './alert-profile';
import { buckets, matchesRegex, notMatchesRegex, selector } from './promql';
import type { RecordingRule, RuleGroup } from './rule-types';

/** Probes and scrapes are not traffic: they are excluded from every request rate and ratio. */
export const NOT_TRAFFIC = notMatchesRegex(L.route, '/metrics|/health/.+');

/** Storage results that count as failures: MinIO unreachable or erroring, not a missing object or a client gone. */
const FAILED_STORAGE: readonly StorageResult[] = ['unavailable', 'error'];

/** The series the alerts and the dashboards share, named level:metric:operation. */
export const RECORDED = {
  requestRate: 'job:datahub_http_requests:rate',
  requestRateByRoute: 'job_route:datahub_http_requests:rate',
  errorRatio5xx: 'job:datahub_http_requests_5xx:ratio',
  latencyP95: 'job:datahub_http_request_duration_seconds:p95',
  latencyByRoute: (q: 'p50' | 'p95' | 'p99') => `job_route:datahub_http_request_duration_seconds:${q}`,
  storageFailureRate: 'job:datahub_storage_operations_failed:rate',
  storageFailureRatio: 'job:datahub_storage_operations_failed:ratio',
  minioFreeRatio: 'job:minio_cluster_capacity_usable_free:ratio',
} as const;

export function recordingRules(p: AlertProfile): RuleGroup<RecordingRule> {
  const w = p.rateWindow;
  const requests = selector(M.httpRequests, NOT_TRAFFIC);
  const quantile = (q: number, by: string) =>
    `histogram_quantile(${q}, sum by (${by}, le) (rate(${selector(buckets(M.httpRequestDuration), NOT_TRAFFIC)}[${w}])))`;
  return {
    name: 'datahub.recording',
    rules: [
      { record: RECORDED.requestRate, expr: `sum by (job) (rate(${requests}[${w}]))` },
      { record: RECORDED.requestRateByRoute, expr: `sum by (job, ${L.route}, ${L.method}) (rate(${requests}[${w}]))` },
      {
        record: RECORDED.errorRatio5xx,
        expr: `sum by (job) (rate(${selector(M.httpRequests, matchesRegex(L.status, '5..'), NOT_TRAFFIC)}[${w}])) / sum by (job) (rate(${requests}[${w}]))`,
      },
      { record: RECORDED.latencyP95, expr: quantile(0.95, 'job') },
      { record: RECORDED.latencyByRoute('p50'), expr: quantile(0.5, `job, ${L.route}`) },
      { record: RECORDED.latencyByRoute('p95'), expr: quantile(0.95, `job, ${L.route}`) },
      { record: RECORDED.latencyByRoute('p99'), expr: quantile(0.99, `job, ${L.route}`) },
      {
        record: RECORDED.storageFailureRate,
        expr: `sum by (job) (rate(${selector(M.storageOperations, matchesRegex(L.result, FAILED_STORAGE.join('|')))}[${w}]))`,
      },
      {
        record: RECORDED.storageFailureRatio,
        expr: `${RECORDED.storageFailureRate} / sum by (job) (rate(${M.storageOperations}[${w}]))`,
      },
      {
        record: RECORDED.minioFreeRatio,
        expr: 'sum by (job) (minio_cluster_capacity_usable_free_bytes) / sum by (job) (minio_cluster_capacity_usable_total_bytes)',
      },
    ],
  };
}
