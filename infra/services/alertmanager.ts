import type { StackConfig } from '../config';
import type { FileSet } from '../monitoring/render';
import { NOBODY, wgetHealth, type ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, METRICS_ENDPOINTS, PATHS } from './topology';

/** One Alertmanager with the rendered alertmanager.yml; receiver secrets are files next to it. */
export function alertmanagerSpec(
  config: Pick<StackConfig, 'images' | 'memoryMb' | 'retention'>,
  files: FileSet,
): ServiceSpec {
  const dataDir = '/alertmanager';
  return {
    service: 'alertmanager',
    image: { pinned: config.images.alertmanager },
    args: [
      `--config.file=${PATHS.alertmanagerConfig}`,
      `--storage.path=${dataDir}`,
      `--data.retention=${config.retention.alertmanager}`,
      `--web.listen-address=:${CONTAINER_PORTS.alertmanager}`,
      // A single instance: no gossip port.
      '--cluster.listen-address=',
    ],
    env: [],
    ports: [{ name: 'http', port: CONTAINER_PORTS.alertmanager, hostPortKey: 'alertmanager' }],
    user: NOBODY,
    dataDir,
    health: wgetHealth(CONTAINER_PORTS.alertmanager, '/-/ready', '/-/healthy'),
    metrics: METRICS_ENDPOINTS.alertmanager,
    files,
    memoryMb: config.memoryMb.alertmanager,
  };
}
