/**
 * What the app promises the infrastructure that runs and watches it: the environment it reads,
 * and the metrics, labels and error codes it exposes. The app uses these names itself, and
 * infra/ imports this file (the app cannot import anything outside app/, its Docker build
 * context), so a rename here reaches the containers' env, the rules and the dashboards at once.
 */

/** The environment variables the app reads (app/src/config.ts). */
export const APP_ENV = {
  host: 'HOST',
  port: 'PORT',
  minioEndpoint: 'MINIO_ENDPOINT',
  minioPort: 'MINIO_PORT',
  minioUseSsl: 'MINIO_USE_SSL',
  minioAccessKey: 'MINIO_ACCESS_KEY',
  minioSecretKey: 'MINIO_SECRET_KEY',
  minioBucket: 'MINIO_BUCKET',
  minioRegion: 'MINIO_REGION',
  minioPublicUrl: 'MINIO_PUBLIC_URL',
  minioPartSizeMb: 'MINIO_PART_SIZE_MB',
  minioTimeoutMs: 'MINIO_TIMEOUT_MS',
  maxObjectBytes: 'MAX_OBJECT_BYTES',
  presignMaxSeconds: 'PRESIGN_MAX_SECONDS',
  readinessCacheMs: 'READINESS_CACHE_MS',
  shutdownDelayMs: 'SHUTDOWN_DELAY_MS',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
  logLevel: 'LOG_LEVEL',
} as const;

export type AppEnvVar = (typeof APP_ENV)[keyof typeof APP_ENV];

/** Secrets the app also reads from a file named by `<NAME>_FILE` (a Docker or Kubernetes secret). */
export const APP_SECRET_ENV = [APP_ENV.minioAccessKey, APP_ENV.minioSecretKey] as const;

export const secretFileEnv = (name: (typeof APP_SECRET_ENV)[number]) => `${name}_FILE` as const;

/** The metrics the app exposes on /metrics (app/src/metrics.ts). */
export const APP_METRICS = {
  httpRequests: 'datahub_http_requests_total',
  httpRequestDuration: 'datahub_http_request_duration_seconds',
  httpRequestsInFlight: 'datahub_http_requests_in_flight',
  httpErrors: 'datahub_http_errors_total',
  storageOperations: 'datahub_storage_operations_total',
  storageOperationDuration: 'datahub_storage_operation_duration_seconds',
  storageUp: 'datahub_storage_up',
  objectBytesReceived: 'datahub_object_bytes_received_total',
  objectBytesSent: 'datahub_object_bytes_sent_total',
} as const;

/** The labels of those metrics. */
export const APP_METRIC_LABELS = {
  method: 'method',
  route: 'route',
  status: 'status',
  code: 'code',
  op: 'op',
  result: 'result',
} as const;

/** The `result` label of the storage metrics. `aborted`: the caller's side failed; says nothing about MinIO. */
export const STORAGE_RESULTS = ['success', 'not_found', 'unavailable', 'error', 'aborted'] as const;
export type StorageResult = (typeof STORAGE_RESULTS)[number];

/** Error codes (the `code` label of datahub_http_errors_total, and the JSON body) that alerts read. */
export const APP_ERROR_CODES = {
  internal: 'internal_error',
} as const;
