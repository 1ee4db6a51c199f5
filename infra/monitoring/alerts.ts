import { APP_ERROR_CODES, APP_METRICS, APP_METRIC_LABELS } from '../../app/src/contract';
import type { Service } from '../../contracts/services';
import type { AlertProfile } from './alert-profile';
import { jobMatcher } from './jobs';
import { equals, selector } from './promql';
import { RECORDED } from './recording-rules';
import type { AlertRule, RuleGroup } from './rule-types';

const APP = jobMatcher('app');
const MINIO = jobMatcher('minio');
const APP_INTERNAL_ERRORS = selector(
  APP_METRICS.httpErrors,
  APP,
  equals(APP_METRIC_LABELS.code, APP_ERROR_CODES.internal),
);

const pct = (ratio: number) => `${+(ratio * 100).toFixed(2)}%`;

/** The critical alert for a service whose scrape target stopped answering. */
function targetDown(alert: string, service: Service, name: string, p: AlertProfile): AlertRule {
  const subject = name.charAt(0).toUpperCase() + name.slice(1);
  return {
    alert,
    expr: `${selector('up', jobMatcher(service))} == 0`,
    for: p.forDown,
    labels: { severity: 'critical', service },
    annotations: {
      summary: `${subject} does not answer Prometheus.`,
      description: `Prometheus could not scrape ${name} at {{ $labels.instance }} for ${p.forDown}.`,
    },
  };
}

/** The bundled app: availability, errors, latency, traffic, and what it sees of its storage. */
export function appAlerts(p: AlertProfile): RuleGroup<AlertRule> {
  const w = p.rateWindow;
  const service: Service = 'app';
  const busy = `on (job) ${selector(RECORDED.requestRate, APP)} > ${p.minRequestRate}`;
  return {
    name: 'datahub.app',
    rules: [
      targetDown('AppTargetDown', service, 'the app', p),
      {
        alert: 'AppHighErrorRatio',
        expr: `${selector(RECORDED.errorRatio5xx, APP)} > ${p.errorRatio} and ${busy}`,
        for: p.forSymptom,
        labels: { severity: 'critical', service },
        annotations: {
          summary: 'Many app requests fail with 5xx.',
          description: `{{ $value | humanizePercentage }} of requests to {{ $labels.job }} answered 5xx over the last ${w} (threshold ${pct(p.errorRatio)}).`,
        },
      },
      {
        alert: 'AppHighLatency',
        expr: `${selector(RECORDED.latencyP95, APP)} > ${p.p95Seconds} and ${busy}`,
        for: p.forSymptom,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'App p95 latency is high.',
          description: `p95 latency of {{ $labels.job }} is {{ $value | humanizeDuration }} over the last ${w} (threshold ${p.p95Seconds}s).`,
        },
      },
      {
        alert: 'AppInternalErrors',
        expr: `sum by (job) (rate(${APP_INTERNAL_ERRORS}[${w}])) > ${p.internalErrorRate}`,
        for: p.forSymptom,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'The app is raising unexpected errors.',
          description: `{{ $labels.job }} answered {{ $value | humanize }} internal errors per second over the last ${w} (threshold ${p.internalErrorRate}/s).`,
        },
      },
      {
        alert: 'AppTrafficDrop',
        expr:
          `${selector(RECORDED.requestRate, APP)} < ${p.minRequestRate} ` +
          `and on (job) (${selector(RECORDED.requestRate, APP)} offset ${p.trafficBaselineOffset}) > ${p.minRequestRate * 10}`,
        for: p.forSlow,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'App traffic dropped to almost nothing.',
          description: `{{ $labels.job }} serves {{ $value | humanize }} requests per second; ${p.trafficBaselineOffset} ago it served more than ${p.minRequestRate * 10}/s.`,
        },
      },
      {
        alert: 'AppStorageErrors',
        expr: `${selector(RECORDED.storageFailureRate, APP)} > ${p.storageErrorRate}`,
        for: p.forSymptom,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'The app sees failing storage operations.',
          description: `{{ $labels.job }} saw {{ $value | humanize }} failed storage operations per second over the last ${w} (threshold ${p.storageErrorRate}/s).`,
        },
      },
      {
        alert: 'AppNotReady',
        expr: `max by (job) (${selector(APP_METRICS.storageUp, APP)}) == 0`,
        for: p.forDown,
        labels: { severity: 'critical', service },
        annotations: {
          summary: 'The app cannot reach its object storage and reports not ready.',
          description: `{{ $labels.job }} has not reached MinIO for ${p.forDown}: /health/ready and object calls answer 503.`,
        },
      },
    ],
  };
}

/** MinIO as Prometheus sees it. */
export function storageAlerts(p: AlertProfile): RuleGroup<AlertRule> {
  const w = p.rateWindow;
  const service: Service = 'minio';
  return {
    name: 'datahub.storage',
    rules: [
      targetDown('MinIODown', service, 'MinIO', p),
      {
        alert: 'MinIOHealthDegraded',
        expr:
          `min by (job) (${selector('minio_cluster_health_status', MINIO)}) == 0 ` +
          `or sum by (job) (${selector('minio_cluster_drive_offline_total', MINIO)}) > 0 ` +
          `or sum by (job) (${selector('minio_cluster_nodes_offline_total', MINIO)}) > 0`,
        for: p.forSymptom,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'MinIO reports itself unhealthy or has offline drives or nodes.',
          description: `MinIO ({{ $labels.job }}) reports degraded health for ${p.forSymptom}: an unhealthy cluster status or offline drives or nodes.`,
        },
      },
      {
        alert: 'MinIOCapacityLow',
        expr: `${selector(RECORDED.minioFreeRatio, MINIO)} < ${p.minioFreeRatio}`,
        for: p.forSlow,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'MinIO is running out of usable capacity.',
          description: `Only {{ $value | humanizePercentage }} of MinIO's usable capacity is free (threshold ${pct(p.minioFreeRatio)}).`,
        },
      },
      {
        alert: 'MinIOS3Errors',
        expr: `sum by (job) (rate(${selector('minio_s3_requests_5xx_errors_total', MINIO)}[${w}])) > ${p.minioS3ErrorRate}`,
        for: p.forSymptom,
        labels: { severity: 'warning', service },
        annotations: {
          summary: 'MinIO answers S3 requests with 5xx errors.',
          description: `MinIO answered {{ $value | humanize }} S3 requests per second with 5xx over the last ${w} (threshold ${p.minioS3ErrorRate}/s).`,
        },
      },
    ],
  };
}

/** The monitoring watching itself, and the dead man's switch. */
export function selfAlerts(p: AlertProfile): RuleGroup<AlertRule> {
  const w = p.rateWindow;
  return {
    name: 'datahub.self',
    rules: [
      {
        alert: 'PrometheusRuleEvaluationFailures',
        expr: `sum by (job) (increase(prometheus_rule_evaluation_failures_total[${w}])) > 0`,
        for: p.forDown,
        labels: { severity: 'critical', service: 'prometheus' },
        annotations: {
          summary: 'Prometheus fails to evaluate rules, so alerts may be missing.',
          description: `{{ $labels.job }} failed {{ $value | humanize }} rule evaluations over the last ${w}.`,
        },
      },
      {
        alert: 'PrometheusConfigReloadFailed',
        expr: 'max by (job) (prometheus_config_last_reload_successful) == 0',
        for: p.forDown,
        labels: { severity: 'warning', service: 'prometheus' },
        annotations: {
          summary: 'Prometheus could not load its latest configuration.',
          description: `{{ $labels.job }} has been running an older configuration for ${p.forDown}: the last reload failed.`,
        },
      },
      {
        alert: 'AlertmanagerNotificationsFailing',
        expr: `sum by (job, integration) (rate(alertmanager_notifications_failed_total[${w}])) > 0`,
        for: p.forSymptom,
        labels: { severity: 'critical', service: 'alertmanager' },
        annotations: {
          summary: 'Alertmanager cannot deliver notifications.',
          description: `{{ $labels.job }} failed to deliver {{ $value | humanize }} notifications per second through {{ $labels.integration }} over the last ${w}.`,
        },
      },
      {
        // No service label of its own: the target's `service` label passes through, so the
        // service's own critical "down" alert inhibits this one.
        alert: 'ScrapeTargetDown',
        expr: 'up == 0',
        for: p.forDown,
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A scrape target is down.',
          description: `Prometheus could not scrape {{ $labels.job }} at {{ $labels.instance }} for ${p.forDown}.`,
        },
      },
      {
        alert: 'Watchdog',
        expr: 'vector(1)',
        labels: { severity: 'warning', service: 'monitoring' },
        annotations: {
          summary: 'Always firing: proves the alerting pipeline end to end.',
          description:
            'This alert always fires. When the heartbeat receiver stops getting it, alerting itself is broken.',
        },
      },
    ],
  };
}
