import path from 'node:path';
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import { CONTAINER_PORTS, SERVICE_HOSTS } from '../monitoring/topology';
import { localImage, localImageName } from './local-image';
import { attach, hardenedContainerArgs, publish } from './hardening';

export const APP_DIR = path.resolve(__dirname, '..', '..', 'app');

export interface AppServiceArgs {
  readonly config: StackConfig;
  readonly network: pulumi.Input<string>;
  /** Credentials the app uses against MinIO (secret Outputs). */
  readonly accessKey: pulumi.Input<string>;
  readonly secretKey: pulumi.Input<string>;
  /** The MinIO container: the app starts after it. */
  readonly objectStore: pulumi.Resource;
  /** Base URL presigned URLs are signed for. */
  readonly publicStorageUrl: pulumi.Input<string>;
  readonly provider: docker.Provider;
}

/** The image tag of the app: a digest of the build context and the base image, so equal inputs give equal tags. */
export function appImageName(appDir: string, baseImage: string): string {
  return localImageName('datahub-app', appDir, { BASE_IMAGE: baseImage });
}

/** The bundled object API, built from app/ by `pulumi up` and run next to MinIO. */
export class AppService extends pulumi.ComponentResource {
  /** The image built from app/; undefined when the stack pins `datahub:appImage` (a rollback). */
  readonly image: docker.Image | undefined;
  readonly container: docker.Container;
  readonly url: pulumi.Output<string>;
  /** The local image id (`sha256:…`) the container runs: the release's app image digest. */
  readonly imageDigest: pulumi.Output<string>;

  constructor(name: string, args: AppServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:docker:AppService', name, {}, opts);
    const { config, provider } = args;
    const child = { parent: this, provider };

    this.image = config.appImage
      ? undefined
      : localImage(`${name}-image`, 'datahub-app', APP_DIR, { BASE_IMAGE: config.images.nodeBase }, child);
    this.imageDigest = this.image ? this.image.repoDigest : pulumi.output(config.appImage!);

    this.container = new docker.Container(
      `${name}-app`,
      {
        name: `datahub-${config.stack}-app`,
        image: this.imageDigest,
        envs: [
          `PORT=${CONTAINER_PORTS.app}`,
          `MINIO_ENDPOINT=${SERVICE_HOSTS.minio}`,
          `MINIO_PORT=${CONTAINER_PORTS.minioApi}`,
          `MINIO_BUCKET=${config.bucket}`,
          pulumi.interpolate`MINIO_PUBLIC_URL=${args.publicStorageUrl}`,
          pulumi.interpolate`MINIO_ACCESS_KEY=${args.accessKey}`,
          pulumi.interpolate`MINIO_SECRET_KEY=${args.secretKey}`,
          `MAX_OBJECT_BYTES=${config.maxObjectBytes}`,
          `LOG_LEVEL=${config.logLevel}`,
          'SHUTDOWN_GRACE_MS=25000',
        ],
        networksAdvanced: [attach(args.network, SERVICE_HOSTS.app)],
        ports: [publish(config.bindAddress, CONTAINER_PORTS.app, config.ports.app)],
        // Longer than SHUTDOWN_GRACE_MS, so Docker never kills a draining app.
        stopTimeout: 30,
        ...hardenedContainerArgs(config, {
          service: 'app',
          user: '1000:1000',
          readOnlyRoot: true,
          healthcheck: ['CMD', 'node', 'dist/healthcheck.js'],
        }),
      },
      { ...child, dependsOn: [args.objectStore] },
    );

    this.url = pulumi.output(`http://${config.bindAddress}:${config.ports.app}`);
    this.registerOutputs({ url: this.url, imageDigest: this.imageDigest });
  }
}
