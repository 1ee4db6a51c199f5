import type { StackConfig } from '../config';
import type { FileSet } from '../monitoring/render';
import { prometheusProjectServer } from './prometheus-project';
import type { ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, PATHS } from './topology';

/** One Alertmanager with the rendered alertmanager.yml; receiver secrets are files next to it. */
export function alertmanagerSpec(
  config: Pick<StackConfig, 'images' | 'memoryMb' | 'retention'>,
  files: FileSet,
): ServiceSpec {
  const dataDir = '/alertmanager';
  const args = [
    `--config.file=${PATHS.alertmanagerConfig}`,
    `--storage.path=${dataDir}`,
    `--data.retention=${config.retention.alertmanager}`,
    `--web.listen-address=:${CONTAINER_PORTS.alertmanager}`,
    // A single instance: no gossip port.
    '--cluster.listen-address=',
  ];
  return prometheusProjectServer('alertmanager', config, { dataDir, args, files });
}
