import type { StackConfig } from '../config';
import type { Service } from '../../contracts/services';
import { JOBS } from './jobs';
import { CONTAINER_PORTS, SERVICE_HOSTS, hostPort, type ScrapeTopology } from '../services/topology';

export interface ScrapeJob {
  readonly name: string;
  /** The service this job watches, copied to every series as the `service` label. */
  readonly service: Service;
  readonly targets: readonly string[];
  readonly metricsPath?: string;
  /** Found through DNS instead: every A record of `name`, on `port` (replicas behind a headless Service). */
  readonly dns?: { readonly name: string; readonly port: number };
}

/** The job of a service, under the service's job name. */
function jobOf(
  service: Service,
  targets: readonly string[],
  extra: Pick<ScrapeJob, 'metricsPath' | 'dns'> = {},
): ScrapeJob {
  return { name: JOBS[service], service, targets, ...extra };
}

/** Every target Prometheus scrapes on a stack. Pure. */
export function scrapeJobs(config: Pick<StackConfig, 'grafana'>, topology: ScrapeTopology = {}): ScrapeJob[] {
  const app: ScrapeJob = topology.appReplicasDnsName
    ? jobOf('app', [], { dns: { name: topology.appReplicasDnsName, port: CONTAINER_PORTS.app } })
    : jobOf('app', [hostPort(SERVICE_HOSTS.app, CONTAINER_PORTS.app)]);
  const jobs: ScrapeJob[] = [
    jobOf('prometheus', [hostPort('localhost', CONTAINER_PORTS.prometheus)]),
    app,
    jobOf('minio', [hostPort(SERVICE_HOSTS.minio, CONTAINER_PORTS.minioApi)], {
      metricsPath: '/minio/v2/metrics/cluster',
    }),
    jobOf('alertmanager', [hostPort(SERVICE_HOSTS.alertmanager, CONTAINER_PORTS.alertmanager)]),
  ];
  if (config.grafana.enabled) {
    jobs.push(jobOf('grafana', [hostPort(SERVICE_HOSTS.grafana, CONTAINER_PORTS.grafana)]));
  }
  return jobs;
}
