import type { Service } from '../../contracts/services';

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

/** Where a service serves its Prometheus metrics. */
export interface MetricsEndpoint {
  readonly port: number;
  readonly path: string;
}

/** Prometheus's default `metrics_path`: a scrape job on it states none. */
export const DEFAULT_METRICS_PATH = '/metrics';

/** Every service's metrics endpoint: what its spec states and what Prometheus scrapes. */
export const METRICS_ENDPOINTS: Readonly<Record<Service, MetricsEndpoint>> = {
  app: { port: CONTAINER_PORTS.app, path: DEFAULT_METRICS_PATH },
  minio: { port: CONTAINER_PORTS.minioApi, path: '/minio/v2/metrics/cluster' },
  prometheus: { port: CONTAINER_PORTS.prometheus, path: DEFAULT_METRICS_PATH },
  alertmanager: { port: CONTAINER_PORTS.alertmanager, path: DEFAULT_METRICS_PATH },
  grafana: { port: CONTAINER_PORTS.grafana, path: DEFAULT_METRICS_PATH },
};

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

export const hostPort = (host: string, port: number) => `${host}:${port}`;

/**
 * What differs between the platforms in how Prometheus finds its targets. Every service keeps
 * its SERVICE_HOSTS name on both; only the app can run as several replicas (Kubernetes), and a
 * name that load-balances would hand each scrape to a different replica, interleaving their
 * counters. There the app is found through a headless Service's DNS name instead: one target
 * per pod. The Docker platform passes nothing, and every target is static.
 */
export interface ScrapeTopology {
  /** A DNS name whose A records are the app's replicas (a headless Kubernetes Service). */
  readonly appReplicasDnsName?: string;
}
