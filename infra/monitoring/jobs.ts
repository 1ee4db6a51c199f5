import type { Service } from '../../contracts/services';
import { equals } from './promql';

/**
 * The scrape job of each service, named after the service: with the Prometheus Operator the job
 * label is the Service's app.kubernetes.io/name label (infra/kubernetes/operator-monitoring.ts),
 * which is the service name, so the same rules and dashboards match on every platform.
 */
export const JOBS: { readonly [S in Service]: S } = {
  minio: 'minio',
  app: 'app',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  grafana: 'grafana',
};

/** `job="<job>"`: the matcher that picks a service's series. */
export const jobMatcher = (service: Service) => equals('job', JOBS[service]);
