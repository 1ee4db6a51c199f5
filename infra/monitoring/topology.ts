/**
 * Where each service listens inside the stack's network. Both platforms give every service
 * this host name (a Docker network alias, a Kubernetes Service name), so the rendered scrape
 * targets resolve on either.
 */
export const SERVICE_HOSTS = {
  app: 'app',
  minio: 'minio',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  grafana: 'grafana',
} as const;

export const CONTAINER_PORTS = {
  app: 8080,
  minioApi: 9000,
  minioConsole: 9001,
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
} as const;

/** Paths inside the monitoring containers where the rendered files are placed. */
export const PATHS = {
  prometheusConfig: '/etc/prometheus/prometheus.yml',
  prometheusRules: '/etc/prometheus/rules',
  alertmanagerConfig: '/etc/alertmanager/alertmanager.yml',
  alertmanagerSecrets: '/etc/alertmanager/secrets',
  grafanaProvisioning: '/etc/grafana/provisioning',
  // Outside /var/lib/grafana, the data volume: dashboards come from the code, not from state.
  grafanaDashboards: '/etc/grafana/dashboards',
} as const;

export const GRAFANA_DATASOURCE_UID = 'datahub-prometheus';

export const hostPort = (host: string, port: number) => `${host}:${port}`;
