import type { StackConfig } from '../config';
import { CONTAINER_PORTS, SERVICE_HOSTS, hostPort, type ScrapeTopology } from '../services/topology';

export interface ScrapeJob {
  readonly name: string;
  /** The service this job watches, copied to every series as the `service` label. */
  readonly service: string;
  readonly targets: readonly string[];
  readonly metricsPath?: string;
  /** Found through DNS instead: every A record of `name`, on `port` (replicas behind a headless Service). */
  readonly dns?: { readonly name: string; readonly port: number };
}

/** Every target Prometheus scrapes on a stack. Pure. */
export function scrapeJobs(config: Pick<StackConfig, 'grafana'>, topology: ScrapeTopology = {}): ScrapeJob[] {
  const app: ScrapeJob = topology.appReplicasDnsName
    ? {
        name: 'app',
        service: 'app',
        targets: [],
        dns: { name: topology.appReplicasDnsName, port: CONTAINER_PORTS.app },
      }
    : { name: 'app', service: 'app', targets: [hostPort(SERVICE_HOSTS.app, CONTAINER_PORTS.app)] };
  const jobs: ScrapeJob[] = [
    { name: 'prometheus', service: 'prometheus', targets: [hostPort('localhost', CONTAINER_PORTS.prometheus)] },
    app,
    {
      name: 'minio',
      service: 'minio',
      targets: [hostPort(SERVICE_HOSTS.minio, CONTAINER_PORTS.minioApi)],
      metricsPath: '/minio/v2/metrics/cluster',
    },
    {
      name: 'alertmanager',
      service: 'alertmanager',
      targets: [hostPort(SERVICE_HOSTS.alertmanager, CONTAINER_PORTS.alertmanager)],
    },
  ];
  if (config.grafana.enabled) {
    jobs.push({
      name: 'grafana',
      service: 'grafana',
      targets: [hostPort(SERVICE_HOSTS.grafana, CONTAINER_PORTS.grafana)],
    });
  }
  return jobs;
}
