import type { StackConfig } from '../config';
import { prometheusServerArgs } from '../monitoring/prometheus-config';
import type { FileSet } from '../monitoring/render';
import { NOBODY, wgetHealth, type ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, METRICS_ENDPOINTS } from './topology';

/** Prometheus with the rendered prometheus.yml and rule file. */
export function prometheusSpec(
  config: Pick<StackConfig, 'images' | 'memoryMb' | 'retention' | 'alertProfile'>,
  files: FileSet,
): ServiceSpec {
  const dataDir = '/prometheus';
  return {
    service: 'prometheus',
    image: { pinned: config.images.prometheus },
    args: prometheusServerArgs(config, dataDir, CONTAINER_PORTS.prometheus),
    env: [],
    ports: [{ name: 'http', port: CONTAINER_PORTS.prometheus, hostPortKey: 'prometheus' }],
    user: NOBODY,
    dataDir,
    health: wgetHealth(CONTAINER_PORTS.prometheus, '/-/ready', '/-/healthy'),
    metrics: METRICS_ENDPOINTS.prometheus,
    files,
    memoryMb: config.memoryMb.prometheus,
  };
}
