import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_TAGS, DEFAULT_REFRESH, DEFAULT_TIME } from './common';
import {
  alertsFiringPanel,
  errorRatio5xxPanel,
  inFlightPanel,
  latencyByRoutePanel,
  minioCapacityPanel,
  minioHealthPanel,
  requestRatePanel,
  storageErrorsPanel,
  storageOperationLatencyPanel,
  storageOperationRatePanel,
  storageUpPanel,
} from './panels';

export const OVERVIEW_UID = 'datahub-overview';

/**
 * "DataHub overview": state at a glance (storage, MinIO, firing alerts), then the app's RED
 * signals, then storage calls and MinIO capacity. Panels are laid out left to right in rows of
 * 24 grid columns, in the order added.
 */
export function overviewDashboard(): dashboard.Dashboard {
  return new dashboard.DashboardBuilder('DataHub overview')
    .uid(OVERVIEW_UID)
    .description('Requests, latency and errors of the DataHub app, its object storage calls, and MinIO health.')
    .tags(DASHBOARD_TAGS)
    .readonly()
    .timezone('browser')
    .time(DEFAULT_TIME)
    .refresh(DEFAULT_REFRESH)
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withPanel(storageUpPanel())
    .withPanel(minioHealthPanel())
    .withPanel(alertsFiringPanel())
    .withPanel(requestRatePanel())
    .withPanel(errorRatio5xxPanel())
    .withPanel(latencyByRoutePanel())
    .withPanel(inFlightPanel())
    .withPanel(storageOperationRatePanel())
    .withPanel(storageOperationLatencyPanel())
    .withPanel(storageErrorsPanel())
    .withPanel(minioCapacityPanel())
    .build();
}
