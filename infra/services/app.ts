import path from 'node:path';
import type { StackConfig } from '../config';
import { localImageName } from './image-tags';
import type { ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, SERVICE_HOSTS } from './topology';

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
      { name: 'PORT', value: String(CONTAINER_PORTS.app) },
      { name: 'MINIO_ENDPOINT', value: SERVICE_HOSTS.minio },
      { name: 'MINIO_PORT', value: String(CONTAINER_PORTS.minioApi) },
      { name: 'MINIO_BUCKET', value: config.bucket },
      { name: 'MINIO_PUBLIC_URL', value: network.publicStorageUrl },
      { name: 'MINIO_ACCESS_KEY', credential: 'minioRootUser' },
      { name: 'MINIO_SECRET_KEY', credential: 'minioRootPassword' },
      { name: 'MAX_OBJECT_BYTES', value: String(config.maxObjectBytes) },
      { name: 'LOG_LEVEL', value: config.logLevel },
      { name: 'SHUTDOWN_GRACE_MS', value: '25000' },
    ],
    ports: [{ name: 'http', port: CONTAINER_PORTS.app, hostPortKey: 'app' }],
    user: { uid: 1000, gid: 1000 },
    health: {
      readyPath: '/health/ready',
      livePath: '/health/live',
      command: ['node', 'dist/healthcheck.js'],
      liveAfterSeconds: 10,
    },
    memoryMb: config.memoryMb.app,
    // Longer than SHUTDOWN_GRACE_MS, so the platform never kills a draining app.
    stopGraceSeconds: 30,
  };
}
