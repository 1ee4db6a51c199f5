import type { StackConfig } from '../config';
import type { Service } from '../../contracts/services';
import { JOBS } from './jobs';
import {
  DEFAULT_METRICS_PATH,
  METRICS_ENDPOINTS,
  SERVICE_HOSTS,
  hostPort,
  type ScrapeTopology,
} from '../services/topology';

export interface ScrapeJob {
  readonly name: string;
  /** The service this job watches, copied to every series as the `service` label. */
  readonly service: Service;
  readonly targets: readonly string[];
  readonly metricsPath?: string;
  /** Found through DNS instead: every A record of `name`, on `port` (replicas behind a headless Service). */
  readonly dns?: { readonly name: string; readonly port: number };
}

/** The job of a service on its metrics endpoint, at `host` (the service's own name unless given). */
function jobOf(service: Service, host: string = SERVICE_HOSTS[service]): ScrapeJob {
  const { port, path } = METRICS_ENDPOINTS[service];
  return {
    name: JOBS[service],
    service,
    targets: [hostPort(host, port)],
    ...(path === DEFAULT_METRICS_PATH ? {} : { metricsPath: path }),
  };
}

/** Every target Prometheus scrapes on a stack. Pure. */
export function scrapeJobs(config: Pick<StackConfig, 'grafana'>, topology: ScrapeTopology = {}): ScrapeJob[] {
  const app = jobOf('app');
  const jobs: ScrapeJob[] = [
    jobOf('prometheus', 'localhost'),
    topology.appReplicasDnsName
      ? { ...app, targets: [], dns: { name: topology.appReplicasDnsName, port: METRICS_ENDPOINTS.app.port } }
      : app,
    jobOf('minio'),
    jobOf('alertmanager'),
  ];
  if (config.grafana.enabled) jobs.push(jobOf('grafana'));
  return jobs;
}
