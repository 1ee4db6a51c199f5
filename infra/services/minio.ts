import type { StackConfig } from '../config';
import type { ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, METRICS_ENDPOINTS } from './topology';

export const MINIO_DATA_DIR = '/var/lib/minio';

/** MinIO in single-drive mode on one data volume, metrics readable inside the stack's network only. */
export function minioSpec(config: Pick<StackConfig, 'images' | 'memoryMb'>): ServiceSpec {
  return {
    service: 'minio',
    image: { pinned: config.images.minio },
    args: [
      'server',
      `${MINIO_DATA_DIR}/data`,
      '--address',
      `:${CONTAINER_PORTS.minioApi}`,
      '--console-address',
      `:${CONTAINER_PORTS.minioConsole}`,
    ],
    env: [
      { name: 'MINIO_ROOT_USER', credential: 'minioRootUser' },
      { name: 'MINIO_ROOT_PASSWORD', credential: 'minioRootPassword' },
      // No token for metrics: the API is reachable on the stack's network (a Docker network,
      // a ClusterIP Service) and, from the host, on 127.0.0.1 alone.
      { name: 'MINIO_PROMETHEUS_AUTH_TYPE', value: 'public' },
      { name: 'MINIO_UPDATE', value: 'off' },
    ],
    ports: [
      { name: 'api', port: CONTAINER_PORTS.minioApi, hostPortKey: 'minioApi', loopbackOnly: true },
      { name: 'console', port: CONTAINER_PORTS.minioConsole, hostPortKey: 'minioConsole' },
    ],
    user: { uid: 1000, gid: 1000 },
    dataDir: MINIO_DATA_DIR,
    health: {
      readyPath: '/minio/health/ready',
      livePath: '/minio/health/live',
      command: ['curl', '-fsS', `http://127.0.0.1:${CONTAINER_PORTS.minioApi}/minio/health/live`],
      liveAfterSeconds: 20,
    },
    metrics: METRICS_ENDPOINTS.minio,
    memoryMb: config.memoryMb.minio,
    stopGraceSeconds: 30,
  };
}
