/**
 * promtool unit-test cases for every alert, built from a stack's alert profile: one case where
 * the alert fires (labels and annotations asserted exactly) and one where it stays quiet.
 */
import type { AlertProfile } from '../../../infra/monitoring/alert-profile';
import { runbookAnchor } from '../../../infra/monitoring/rules';

export interface SeriesInput {
  readonly series: string;
  readonly values: string;
}

export interface ExpectedAlert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations: Record<string, string>;
}

export interface RuleTest {
  readonly name: string;
  readonly interval: string;
  readonly input_series: SeriesInput[];
  readonly alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
}

/** Seconds in a Prometheus duration such as 1m30s. */
export function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)(ms|[smhdwy])/g)) total += Number(n) * units[unit!]!;
  return total;
}

export interface CaseContext {
  readonly profile: AlertProfile;
  /** Sample spacing of the input series, also the rule evaluation interval of the test. */
  readonly step: number;
  readonly runbookBaseUrl: string;
}

interface AlertCase {
  readonly alert: string;
  readonly severity: 'warning' | 'critical';
  readonly service?: string;
  /** Series that make the alert fire, and the same shape that keeps it quiet. */
  readonly firing: SeriesInput[];
  readonly quiet: SeriesInput[];
  /** Labels the alert carries besides severity and service (from the expression). */
  readonly labels: Record<string, string>;
  readonly summary: string;
  readonly description: string;
  /** When to evaluate: long enough for the window, the `for` and a margin. */
  readonly evalAfter: number;
  /** Steps of input to generate. */
  readonly steps: number;
}

/** `start+inc x steps`, the promtool series notation. */
const counter = (perSecond: number, ctx: CaseContext, steps: number, start = 0) =>
  `${start}+${perSecond * ctx.step}x${steps}`;
const gauge = (value: number, steps: number) => `${value}x${steps}`;

function cases(ctx: CaseContext): AlertCase[] {
  const p = ctx.profile;
  const w = seconds(p.rateWindow);
  const margin = 3 * ctx.step;
  const afterFor = (forDuration: string, window = 0) => window + seconds(forDuration) + margin;
  const stepsFor = (s: number) => Math.ceil(s / ctx.step) + 2;
  const app = 'job="app",instance="app:8080",service="app"';
  const minio = 'job="minio",instance="minio:9000",service="minio",server="minio:9000"';
  const requests = (status: string) =>
    `datahub_http_requests_total{${app},method="GET",route="/objects/:key",status="${status}"}`;
  const pctText = (ratio: number) => `${+(ratio * 100).toFixed(2)}%`;

  const symptom = afterFor(p.forSymptom, w);
  const down = afterFor(p.forDown);
  const slow = afterFor(p.forSlow, w);
  const baseline = seconds(p.trafficBaselineOffset);

  const list: AlertCase[] = [
    {
      alert: 'AppTargetDown',
      severity: 'critical',
      service: 'app',
      firing: [{ series: `up{${app}}`, values: gauge(0, stepsFor(down)) }],
      quiet: [{ series: `up{${app}}`, values: gauge(1, stepsFor(down)) }],
      labels: { job: 'app', instance: 'app:8080' },
      summary: 'The app does not answer Prometheus.',
      description: `Prometheus could not scrape the app at app:8080 for ${p.forDown}.`,
      evalAfter: down,
      steps: stepsFor(down),
    },
    {
      alert: 'AppHighErrorRatio',
      severity: 'critical',
      service: 'app',
      firing: [
        { series: requests('200'), values: counter(1, ctx, stepsFor(symptom)) },
        { series: requests('503'), values: counter(1, ctx, stepsFor(symptom)) },
      ],
      quiet: [
        { series: requests('200'), values: counter(1, ctx, stepsFor(symptom)) },
        { series: requests('503'), values: counter(0, ctx, stepsFor(symptom)) },
      ],
      labels: { job: 'app' },
      summary: 'Many app requests fail with 5xx.',
      description: `50% of requests to app answered 5xx over the last ${p.rateWindow} (threshold ${pctText(p.errorRatio)}).`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    {
      alert: 'AppHighLatency',
      severity: 'warning',
      service: 'app',
      firing: latencySeries(app, ctx, stepsFor(symptom), '2.5'),
      quiet: latencySeries(app, ctx, stepsFor(symptom), '0.25'),
      labels: { job: 'app' },
      summary: 'App p95 latency is high.',
      description: `p95 latency of app is 2.425s over the last ${p.rateWindow} (threshold ${p.p95Seconds}s).`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    {
      alert: 'AppInternalErrors',
      severity: 'warning',
      service: 'app',
      firing: [
        {
          series: `datahub_http_errors_total{${app},code="internal_error"}`,
          values: counter(1, ctx, stepsFor(symptom)),
        },
      ],
      quiet: [
        {
          series: `datahub_http_errors_total{${app},code="object_not_found"}`,
          values: counter(1, ctx, stepsFor(symptom)),
        },
      ],
      labels: { job: 'app' },
      summary: 'The app is raising unexpected errors.',
      description: `app answered 1 internal errors per second over the last ${p.rateWindow} (threshold ${p.internalErrorRate}/s).`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    trafficDropCase(ctx, app, baseline, slow, requests('200')),
    {
      alert: 'AppStorageErrors',
      severity: 'warning',
      service: 'app',
      firing: [
        {
          series: `datahub_storage_operations_total{${app},op="get",result="unavailable"}`,
          values: counter(1, ctx, stepsFor(symptom)),
        },
      ],
      quiet: [
        {
          series: `datahub_storage_operations_total{${app},op="get",result="success"}`,
          values: counter(1, ctx, stepsFor(symptom)),
        },
      ],
      labels: { job: 'app' },
      summary: 'The app sees failing storage operations.',
      description: `app saw 1 failed storage operations per second over the last ${p.rateWindow} (threshold ${p.storageErrorRate}/s).`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    {
      alert: 'AppNotReady',
      severity: 'critical',
      service: 'app',
      firing: [{ series: `datahub_storage_up{${app}}`, values: gauge(0, stepsFor(down)) }],
      quiet: [{ series: `datahub_storage_up{${app}}`, values: gauge(1, stepsFor(down)) }],
      labels: { job: 'app' },
      summary: 'The app cannot reach its object storage and reports not ready.',
      description: `app has not reached MinIO for ${p.forDown}: /health/ready and object calls answer 503.`,
      evalAfter: down,
      steps: stepsFor(down),
    },
    {
      alert: 'MinIODown',
      severity: 'critical',
      service: 'minio',
      firing: [{ series: `up{${minio}}`, values: gauge(0, stepsFor(down)) }],
      quiet: [{ series: `up{${minio}}`, values: gauge(1, stepsFor(down)) }],
      labels: { job: 'minio', instance: 'minio:9000', server: 'minio:9000' },
      summary: 'MinIO does not answer Prometheus.',
      description: `Prometheus could not scrape MinIO at minio:9000 for ${p.forDown}.`,
      evalAfter: down,
      steps: stepsFor(down),
    },
    {
      alert: 'MinIOHealthDegraded',
      severity: 'warning',
      service: 'minio',
      firing: [
        { series: `minio_cluster_health_status{${minio}}`, values: gauge(0, stepsFor(symptom)) },
        { series: `minio_cluster_drive_offline_total{${minio}}`, values: gauge(0, stepsFor(symptom)) },
      ],
      quiet: [
        { series: `minio_cluster_health_status{${minio}}`, values: gauge(1, stepsFor(symptom)) },
        { series: `minio_cluster_drive_offline_total{${minio}}`, values: gauge(0, stepsFor(symptom)) },
      ],
      labels: { job: 'minio' },
      summary: 'MinIO reports itself unhealthy or has offline drives or nodes.',
      description: `MinIO (minio) reports degraded health for ${p.forSymptom}: an unhealthy cluster status or offline drives or nodes.`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    {
      alert: 'MinIOCapacityLow',
      severity: 'warning',
      service: 'minio',
      firing: [
        { series: `minio_cluster_capacity_usable_free_bytes{${minio}}`, values: gauge(5, stepsFor(slow)) },
        { series: `minio_cluster_capacity_usable_total_bytes{${minio}}`, values: gauge(100, stepsFor(slow)) },
      ],
      quiet: [
        { series: `minio_cluster_capacity_usable_free_bytes{${minio}}`, values: gauge(50, stepsFor(slow)) },
        { series: `minio_cluster_capacity_usable_total_bytes{${minio}}`, values: gauge(100, stepsFor(slow)) },
      ],
      labels: { job: 'minio' },
      summary: 'MinIO is running out of usable capacity.',
      description: `Only 5% of MinIO's usable capacity is free (threshold ${pctText(p.minioFreeRatio)}).`,
      evalAfter: slow,
      steps: stepsFor(slow),
    },
    {
      alert: 'MinIOS3Errors',
      severity: 'warning',
      service: 'minio',
      firing: [
        {
          series: `minio_s3_requests_5xx_errors_total{${minio},api="putobject"}`,
          values: counter(1, ctx, stepsFor(symptom)),
        },
      ],
      quiet: [
        {
          series: `minio_s3_requests_5xx_errors_total{${minio},api="putobject"}`,
          values: counter(0, ctx, stepsFor(symptom)),
        },
      ],
      labels: { job: 'minio' },
      summary: 'MinIO answers S3 requests with 5xx errors.',
      description: `MinIO answered 1 S3 requests per second with 5xx over the last ${p.rateWindow} (threshold ${p.minioS3ErrorRate}/s).`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    {
      alert: 'PrometheusRuleEvaluationFailures',
      severity: 'critical',
      service: 'prometheus',
      firing: [
        {
          series:
            'prometheus_rule_evaluation_failures_total{job="prometheus",instance="localhost:9090",rule_group="g"}',
          values: `0+1x${stepsFor(down + w)}`,
        },
      ],
      quiet: [
        {
          series:
            'prometheus_rule_evaluation_failures_total{job="prometheus",instance="localhost:9090",rule_group="g"}',
          values: `0+0x${stepsFor(down + w)}`,
        },
      ],
      labels: { job: 'prometheus' },
      summary: 'Prometheus fails to evaluate rules, so alerts may be missing.',
      description: `prometheus failed ${w / ctx.step} rule evaluations over the last ${p.rateWindow}.`,
      evalAfter: down + w,
      steps: stepsFor(down + w),
    },
    {
      alert: 'PrometheusConfigReloadFailed',
      severity: 'warning',
      service: 'prometheus',
      firing: [
        {
          series: 'prometheus_config_last_reload_successful{job="prometheus",instance="localhost:9090"}',
          values: gauge(0, stepsFor(down)),
        },
      ],
      quiet: [
        {
          series: 'prometheus_config_last_reload_successful{job="prometheus",instance="localhost:9090"}',
          values: gauge(1, stepsFor(down)),
        },
      ],
      labels: { job: 'prometheus' },
      summary: 'Prometheus could not load its latest configuration.',
      description: `prometheus has been running an older configuration for ${p.forDown}: the last reload failed.`,
      evalAfter: down,
      steps: stepsFor(down),
    },
    {
      alert: 'AlertmanagerNotificationsFailing',
      severity: 'critical',
      service: 'alertmanager',
      firing: [
        {
          series:
            'alertmanager_notifications_failed_total{job="alertmanager",instance="alertmanager:9093",integration="webhook"}',
          values: counter(1, ctx, stepsFor(symptom)),
        },
      ],
      quiet: [
        {
          series:
            'alertmanager_notifications_failed_total{job="alertmanager",instance="alertmanager:9093",integration="webhook"}',
          values: counter(0, ctx, stepsFor(symptom)),
        },
      ],
      labels: { job: 'alertmanager', integration: 'webhook' },
      summary: 'Alertmanager cannot deliver notifications.',
      description: `alertmanager failed to deliver 1 notifications per second through webhook over the last ${p.rateWindow}.`,
      evalAfter: symptom,
      steps: stepsFor(symptom),
    },
    {
      alert: 'ScrapeTargetDown',
      severity: 'warning',
      firing: [
        { series: 'up{job="grafana",instance="grafana:3000",service="grafana"}', values: gauge(0, stepsFor(down)) },
      ],
      quiet: [
        { series: 'up{job="grafana",instance="grafana:3000",service="grafana"}', values: gauge(1, stepsFor(down)) },
      ],
      labels: { job: 'grafana', instance: 'grafana:3000', service: 'grafana' },
      summary: 'A scrape target is down.',
      description: `Prometheus could not scrape grafana at grafana:3000 for ${p.forDown}.`,
      evalAfter: down,
      steps: stepsFor(down),
    },
  ];
  return list;
}

function latencySeries(app: string, ctx: CaseContext, steps: number, bucket: '2.5' | '0.25'): SeriesInput[] {
  const base = `datahub_http_request_duration_seconds_bucket{${app},method="GET",route="/objects/:key",status="200"`;
  const buckets = ['0.25', '0.5', '1', '2.5', '+Inf'];
  const below = (le: string) => le === '+Inf' || Number(le) >= Number(bucket);
  return [
    ...buckets.map((le) => ({
      series: `${base},le="${le}"}`,
      values: below(le) ? counter(1, ctx, steps) : `0x${steps}`,
    })),
    {
      series: `datahub_http_requests_total{${app},method="GET",route="/objects/:key",status="200"}`,
      values: counter(1, ctx, steps),
    },
  ];
}

function trafficDropCase(ctx: CaseContext, app: string, baseline: number, slow: number, requests: string): AlertCase {
  const p = ctx.profile;
  const busySteps = Math.ceil((baseline + seconds(p.rateWindow)) / ctx.step) + 1;
  const quietSteps = Math.ceil(slow / ctx.step) + 2;
  const perStep = 10 * ctx.step;
  const busyEnd = busySteps * perStep;
  return {
    alert: 'AppTrafficDrop',
    severity: 'warning',
    service: 'app',
    // Ten requests per second, then none: the drop is against a busy past.
    firing: [{ series: requests, values: `0+${perStep}x${busySteps} ${busyEnd}x${quietSteps}` }],
    // Ten requests per second throughout.
    quiet: [{ series: requests, values: `0+${perStep}x${busySteps + quietSteps}` }],
    labels: { job: 'app' },
    summary: 'App traffic dropped to almost nothing.',
    description: `app serves 0 requests per second; ${p.trafficBaselineOffset} ago it served more than ${p.minRequestRate * 10}/s.`,
    evalAfter: busySteps * ctx.step + slow,
    steps: busySteps + quietSteps,
  };
}

const duration = (s: number) => `${Math.round(s)}s`;

/** Two promtool tests per alert (firing, quiet), plus the Watchdog, which is never quiet by design. */
export function ruleTests(ctx: CaseContext): RuleTest[] {
  const tests: RuleTest[] = [];
  for (const c of cases(ctx)) {
    const evalTime = duration(c.evalAfter);
    const labels = { severity: c.severity, ...(c.service ? { service: c.service } : {}), ...c.labels };
    const annotations = {
      summary: c.summary,
      description: c.description,
      runbook_url: `${ctx.runbookBaseUrl}#${runbookAnchor(c.alert)}`,
    };
    tests.push({
      name: `${c.alert} fires`,
      interval: `${ctx.step}s`,
      input_series: c.firing,
      alert_rule_test: [
        { eval_time: evalTime, alertname: c.alert, exp_alerts: [{ exp_labels: labels, exp_annotations: annotations }] },
      ],
    });
    tests.push({
      name: `${c.alert} stays quiet`,
      interval: `${ctx.step}s`,
      input_series: c.quiet,
      alert_rule_test: [{ eval_time: evalTime, alertname: c.alert, exp_alerts: [] }],
    });
  }
  tests.push({
    name: 'Watchdog always fires',
    interval: `${ctx.step}s`,
    input_series: [],
    alert_rule_test: ['0s', '1h'].map((eval_time) => ({
      eval_time,
      alertname: 'Watchdog',
      exp_alerts: [
        {
          exp_labels: { severity: 'warning', service: 'monitoring' },
          exp_annotations: {
            summary: 'Always firing: proves the alerting pipeline end to end.',
            description:
              'This alert always fires. When the heartbeat receiver stops getting it, alerting itself is broken.',
            runbook_url: `${ctx.runbookBaseUrl}#watchdog`,
          },
        },
      ],
    })),
  });
  return tests;
}

/** The alert names the cases cover, to prove none is left untested. */
export function coveredAlerts(ctx: CaseContext): string[] {
  return [...cases(ctx).map((c) => c.alert), 'Watchdog'];
}
