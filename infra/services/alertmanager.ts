import type { StackConfig } from '../config';
import type { FileSet } from '../monitoring/render';
import { wgetCheck, type ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, PATHS } from './topology';

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
    user: { uid: 65534, gid: 65534 },
    dataDir,
    health: {
      readyPath: '/-/ready',
      livePath: '/-/healthy',
      command: wgetCheck(CONTAINER_PORTS.alertmanager, '/-/ready'),
      liveAfterSeconds: 30,
    },
    files,
    memoryMb: config.memoryMb.alertmanager,
  };
}
