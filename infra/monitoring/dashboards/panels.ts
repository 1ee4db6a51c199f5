/**
 * One function per panel: each sets its title, description and unit and its queries. Panel ids
 * are fixed here (never derived from order) so links like `viewPanel=<id>` survive reordering.
 *
 * Queries read the recorded series of `recording-rules.ts` where one exists (the alerts and the
 * panels then agree), and raw metrics only where nothing is recorded.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { APP_METRICS as M, APP_METRIC_LABELS as L } from '../../../app/src/contract';
import { jobMatcher } from '../jobs';
import { buckets, selector } from '../promql';
import { RECORDED } from '../recording-rules';
import type { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import type { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import type { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  GRID,
  RATE_WINDOW,
  legendLabel,
  UNITS,
  promQuery,
  promTableQuery,
  rightAxis,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
  valueText,
} from './common';

const APP = jobMatcher('app');
const MINIO = jobMatcher('minio');

export const PANEL_IDS = {
  alertsFiring: 1,
  requestRate: 2,
  errorRatio5xx: 3,
  latencyByRoute: 4,
  inFlight: 5,
  storageOperationRate: 6,
  storageOperationLatency: 7,
  storageErrors: 8,
  storageUp: 9,
  minioHealth: 10,
  minioCapacity: 11,
} as const;

const UP_DOWN = valueText({ 0: ['down', 'red'], 1: ['up', 'green'] });

export function alertsFiringPanel(): TableBuilder {
  return tablePanel({
    id: PANEL_IDS.alertsFiring,
    title: 'Alerts firing',
    description:
      'Prometheus alerts firing now, one row per alert with its labels (ALERTS{alertstate="firing"}). ' +
      "Grafana's alert list panel shows only Grafana-managed alerts, so this reads Prometheus directly.",
  })
    .withTarget(promTableQuery('A', 'ALERTS{alertstate="firing"}'))
    .noValue('No alerts firing')
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true, Value: true, __name__: true, alertstate: true },
        indexByName: { alertname: 0, severity: 1 },
        renameByName: {},
      },
    });
}

export function requestRatePanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.requestRate,
    title: 'Request rate per route',
    description:
      'HTTP requests per second served by the app, per route and method, and in total. ' +
      'Probes and /metrics scrapes are not counted.',
    unit: UNITS.requestsPerSecond,
  })
    .withTarget(
      promQuery('A', selector(RECORDED.requestRateByRoute, APP), `${legendLabel(L.method)} ${legendLabel(L.route)}`),
    )
    .withTarget(promQuery('B', selector(RECORDED.requestRate, APP), 'total'));
}

export function errorRatio5xxPanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.errorRatio5xx,
    title: '5xx error ratio',
    description: 'Share of app requests answered with a 5xx status (probes and scrapes excluded). Empty when idle.',
    unit: UNITS.ratio,
  })
    .withTarget(promQuery('A', selector(RECORDED.errorRatio5xx, APP), '5xx ratio'))
    .min(0)
    .max(1);
}

export function latencyByRoutePanel(): TimeseriesBuilder {
  const quantile = (refId: string, q: 'p50' | 'p95' | 'p99') =>
    promQuery(refId, selector(RECORDED.latencyByRoute(q), APP), `${q} ${legendLabel(L.route)}`);
  return timeseriesPanel({
    id: PANEL_IDS.latencyByRoute,
    title: 'Request latency per route (p50 / p95 / p99)',
    description: 'HTTP request duration quantiles per route, from the request duration histogram.',
    unit: UNITS.seconds,
  })
    .withTarget(quantile('A', 'p50'))
    .withTarget(quantile('B', 'p95'))
    .withTarget(quantile('C', 'p99'));
}

export function inFlightPanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.inFlight,
    title: 'In-flight requests per route',
    description: 'HTTP requests being served right now, per route, summed over app instances.',
    unit: UNITS.count,
  }).withTarget(promQuery('A', `sum by (${L.route}) (${selector(M.httpRequestsInFlight, APP)})`, legendLabel(L.route)));
}

export function storageOperationRatePanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.storageOperationRate,
    title: 'Storage operation rate by op and result',
    description: 'Object storage calls made by the app per second, per operation and result.',
    unit: UNITS.opsPerSecond,
  }).withTarget(
    promQuery(
      'A',
      `sum by (${L.op}, ${L.result}) (rate(${selector(M.storageOperations, APP)}[${RATE_WINDOW}]))`,
      `${legendLabel(L.op)} ${legendLabel(L.result)}`,
    ),
  );
}

export function storageOperationLatencyPanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.storageOperationLatency,
    title: 'Storage operation latency p95 by op',
    description: '95th percentile duration of object storage calls made by the app, per operation.',
    unit: UNITS.seconds,
  }).withTarget(
    promQuery(
      'A',
      `histogram_quantile(0.95, sum by (${L.op}, le) (rate(${selector(buckets(M.storageOperationDuration), APP)}[${RATE_WINDOW}])))`,
      `p95 ${legendLabel(L.op)}`,
    ),
  );
}

export function storageErrorsPanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.storageErrors,
    title: 'Storage errors',
    description:
      'Failed object storage calls per second (storage unavailable or erroring), and their share of all ' +
      'storage calls on the right axis.',
    unit: UNITS.opsPerSecond,
  })
    .withTarget(promQuery('A', selector(RECORDED.storageFailureRate, APP), 'failed ops/s'))
    .withTarget(promQuery('B', selector(RECORDED.storageFailureRatio, APP), 'failed ratio'))
    .overrideByQuery('B', rightAxis(UNITS.ratio, 0, 1));
}

export function storageUpPanel(): StatBuilder {
  return statPanel({
    id: PANEL_IDS.storageUp,
    title: 'App storage up',
    description: `Whether each app instance can reach object storage (${M.storageUp}): 1 up, 0 down.`,
    unit: UNITS.state,
  })
    .withTarget(promQuery('A', selector(M.storageUp, APP), legendLabel('instance')))
    .mappings(UP_DOWN)
    .thresholds(thresholds('red', [1, 'green']));
}

export function minioHealthPanel(): StatBuilder {
  const healthy = valueText({ 0: ['unhealthy', 'red'], 1: ['healthy', 'green'] });
  const offline = (): dashboard.DynamicConfigValue[] => [
    { id: 'thresholds', value: thresholds('green', [1, 'red']).build() },
  ];
  return statPanel({
    id: PANEL_IDS.minioHealth,
    title: 'MinIO health',
    description:
      'MinIO as Prometheus sees it: scrape up, cluster health status, and offline drives and nodes ' +
      '(anything offline turns red). Health and offline counts are absent while MinIO is down.',
    unit: UNITS.state,
  })
    .span(GRID.third)
    .withTarget(promQuery('A', `min by (job) (${selector('up', MINIO)})`, 'scrape'))
    .withTarget(promQuery('B', `min by (job) (${selector('minio_cluster_health_status', MINIO)})`, 'cluster'))
    .withTarget(
      promQuery('C', `max by (job) (${selector('minio_cluster_drive_offline_total', MINIO)})`, 'drives offline'),
    )
    .withTarget(
      promQuery('D', `max by (job) (${selector('minio_cluster_nodes_offline_total', MINIO)})`, 'nodes offline'),
    )
    .thresholds(thresholds('red', [1, 'green']))
    .overrideByQuery('A', [{ id: 'mappings', value: UP_DOWN }])
    .overrideByQuery('B', [{ id: 'mappings', value: healthy }])
    .overrideByQuery('C', offline())
    .overrideByQuery('D', offline());
}

export function minioCapacityPanel(): TimeseriesBuilder {
  return timeseriesPanel({
    id: PANEL_IDS.minioCapacity,
    title: 'MinIO capacity',
    description:
      'Usable free and total capacity of the MinIO cluster, and the free share on the right axis ' +
      '(the series the capacity alert reads).',
    unit: UNITS.bytes,
  })
    .withTarget(promQuery('A', `max by (job) (${selector('minio_cluster_capacity_usable_free_bytes', MINIO)})`, 'free'))
    .withTarget(
      promQuery('B', `max by (job) (${selector('minio_cluster_capacity_usable_total_bytes', MINIO)})`, 'total'),
    )
    .withTarget(promQuery('C', selector(RECORDED.minioFreeRatio, MINIO), 'free ratio'))
    .overrideByQuery('C', rightAxis(UNITS.ratio, 0, 1));
}
