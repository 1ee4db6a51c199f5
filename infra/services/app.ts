import path from 'node:path';
import { APP_ENV } from '../../app/src/contract';
import type { StackConfig } from '../config';
import { localImageName } from './image-tags';
import type { ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, METRICS_ENDPOINTS, SERVICE_HOSTS } from './topology';

/** The app's source: the build context `pulumi up` builds its image from. */
export const APP_DIR = path.resolve(__dirname, '..', '..', 'app');
export const APP_REPOSITORY = 'datahub-app';

/** The image tag of the app: a digest of the build context and the base image, so equal inputs give equal tags. */
export function appImageName(appDir: string, baseImage: string): string {
  return localImageName(APP_REPOSITORY, appDir, { BASE_IMAGE: baseImage });
}

/** The bundled object API: built from app/ (or the image a rollback pins), signing in to MinIO as root. */
export function appSpec(
  config: Pick<StackConfig, 'appImage' | 'images' | 'bucket' | 'maxObjectBytes' | 'logLevel' | 'memoryMb'>,
  network: {
    /** Base URL presigned URLs are signed for. */
    readonly publicStorageUrl: string;
  },
): ServiceSpec {
  return {
    service: 'app',
    image: config.appImage
      ? { pinned: config.appImage }
      : { build: { context: APP_DIR, args: { BASE_IMAGE: config.images.nodeBase } } },
    env: [
      { name: APP_ENV.port, value: String(CONTAINER_PORTS.app) },
      { name: APP_ENV.minioEndpoint, value: SERVICE_HOSTS.minio },
      { name: APP_ENV.minioPort, value: String(CONTAINER_PORTS.minioApi) },
      { name: APP_ENV.minioBucket, value: config.bucket },
      { name: APP_ENV.minioPublicUrl, value: network.publicStorageUrl },
      { name: APP_ENV.minioAccessKey, credential: 'minioRootUser' },
      { name: APP_ENV.minioSecretKey, credential: 'minioRootPassword' },
      { name: APP_ENV.maxObjectBytes, value: String(config.maxObjectBytes) },
      { name: APP_ENV.logLevel, value: config.logLevel },
      { name: APP_ENV.shutdownGraceMs, value: '25000' },
    ],
    ports: [{ name: 'http', port: CONTAINER_PORTS.app, hostPortKey: 'app' }],
    user: { uid: 1000, gid: 1000 },
    health: {
      readyPath: '/health/ready',
      livePath: '/health/live',
      command: ['node', 'dist/healthcheck.js'],
      liveAfterSeconds: 10,
    },
    metrics: METRICS_ENDPOINTS.app,
    memoryMb: config.memoryMb.app,
    // Longer than SHUTDOWN_GRACE_MS, so the platform never kills a draining app.
    stopGraceSeconds: 30,
  };
}
