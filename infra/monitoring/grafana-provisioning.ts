import { CONTAINER_PORTS, PATHS, SERVICE_HOSTS } from '../services/topology';
import { toYaml } from './yaml-text';

export const GRAFANA_DATASOURCE_UID = 'datahub-prometheus';

export function renderGrafanaDatasources(): string {
  return toYaml({
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: GRAFANA_DATASOURCE_UID,
        type: 'prometheus',
        access: 'proxy',
        url: `http://${SERVICE_HOSTS.prometheus}:${CONTAINER_PORTS.prometheus}`,
        isDefault: true,
        editable: false,
      },
    ],
  });
}

export function renderGrafanaDashboardProvider(): string {
  return toYaml({
    apiVersion: 1,
    providers: [
      {
        name: 'datahub',
        folder: 'DataHub',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: PATHS.grafanaDashboards },
      },
    ],
  });
}
