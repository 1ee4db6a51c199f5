import type { StackConfig } from '../config';
import type { FileSet } from '../monitoring/render';
import { NOBODY, wgetHealth, type ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, METRICS_ENDPOINTS } from './topology';

/**
 * Prometheus and Alertmanager share the Prometheus project's server conventions: one HTTP port,
 * the `nobody` user of their upstream images, `/-/ready` and `/-/healthy`, and their own metrics.
 */
export function prometheusProjectServer(
  service: 'prometheus' | 'alertmanager',
  config: Pick<StackConfig, 'images' | 'memoryMb'>,
  server: { readonly dataDir: string; readonly args: readonly string[]; readonly files: FileSet },
): ServiceSpec {
  const port = CONTAINER_PORTS[service];
  return {
    service,
    image: { pinned: config.images[service] },
    args: server.args,
    env: [],
    ports: [{ name: 'http', port, hostPortKey: service }],
    user: NOBODY,
    dataDir: server.dataDir,
    health: wgetHealth(port, '/-/ready', '/-/healthy'),
    metrics: METRICS_ENDPOINTS[service],
    files: server.files,
    memoryMb: config.memoryMb[service],
  };
}
