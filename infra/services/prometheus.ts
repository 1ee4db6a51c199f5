import type { StackConfig } from '../config';
import { prometheusServerArgs } from '../monitoring/prometheus-config';
import type { FileSet } from '../monitoring/render';
import { wgetCheck, type ServiceSpec } from './service-spec';
import { CONTAINER_PORTS } from './topology';

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
    user: { uid: 65534, gid: 65534 },
    dataDir,
    health: {
      readyPath: '/-/ready',
      livePath: '/-/healthy',
      command: wgetCheck(CONTAINER_PORTS.prometheus, '/-/ready'),
      liveAfterSeconds: 30,
    },
    files,
    memoryMb: config.memoryMb.prometheus,
  };
}
