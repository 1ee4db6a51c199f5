import path from 'node:path';
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import { CONTAINER_PORTS, SERVICE_HOSTS } from '../monitoring/topology';
import { localImage } from './local-image';
import { dataVolume } from './data-volume';
import { attach, hardenedContainerArgs, publish } from './hardening';

export const MINIO_DATA_DIR = '/var/lib/minio';
const MINIO_IMAGE_CONTEXT = path.join(__dirname, 'images', 'minio');

export interface ObjectStoreArgs {
  /** The validated stack config. */
  readonly config: StackConfig;
  /** The stack's Docker network name. */
  readonly network: pulumi.Input<string>;
  /** MinIO root credentials (secret Outputs). */
  readonly rootUser: pulumi.Input<string>;
  readonly rootPassword: pulumi.Input<string>;
  readonly provider: docker.Provider;
}

/** MinIO on Docker: the pinned upstream image made non-root, a protected data volume, health and metrics. */
export class ObjectStore extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly dataVolume: docker.Volume;
  /** Host URL of the S3 API (loopback only). */
  readonly apiUrl: pulumi.Output<string>;
  readonly consoleUrl: pulumi.Output<string>;

  constructor(name: string, args: ObjectStoreArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:docker:ObjectStore', name, {}, opts);
    const { config, provider } = args;
    const child = { parent: this, provider };

    const upstream = new docker.RemoteImage(
      `${name}-upstream`,
      { name: config.images.minio, keepLocally: true },
      child,
    );
    const image = localImage(
      `${name}-image`,
      'datahub-minio',
      MINIO_IMAGE_CONTEXT,
      { MINIO_IMAGE: config.images.minio },
      {
        ...child,
        dependsOn: [upstream],
      },
    );
    this.dataVolume = dataVolume(`${name}-data`, 'minio', config, child);

    this.container = new docker.Container(
      `${name}-minio`,
      {
        name: `datahub-${config.stack}-minio`,
        image: image.repoDigest,
        command: [
          'server',
          `${MINIO_DATA_DIR}/data`,
          '--address',
          `:${CONTAINER_PORTS.minioApi}`,
          '--console-address',
          `:${CONTAINER_PORTS.minioConsole}`,
        ],
        envs: [
          pulumi.interpolate`MINIO_ROOT_USER=${args.rootUser}`,
          pulumi.interpolate`MINIO_ROOT_PASSWORD=${args.rootPassword}`,
          // Metrics are readable without a token on the stack network only: the API port is
          // published on 127.0.0.1 alone, whatever the bind address.
          'MINIO_PROMETHEUS_AUTH_TYPE=public',
          'MINIO_UPDATE=off',
        ],
        volumes: [{ volumeName: this.dataVolume.name, containerPath: MINIO_DATA_DIR }],
        networksAdvanced: [attach(args.network, SERVICE_HOSTS.minio)],
        ports: [
          publish('127.0.0.1', CONTAINER_PORTS.minioApi, config.ports.minioApi),
          publish(config.bindAddress, CONTAINER_PORTS.minioConsole, config.ports.minioConsole),
        ],
        stopTimeout: 30,
        ...hardenedContainerArgs(config, {
          service: 'minio',
          user: '1000:1000',
          readOnlyRoot: true,
          healthcheck: ['CMD', 'curl', '-fsS', `http://127.0.0.1:${CONTAINER_PORTS.minioApi}/minio/health/live`],
        }),
      },
      child,
    );

    this.apiUrl = pulumi.output(`http://127.0.0.1:${config.ports.minioApi}`);
    this.consoleUrl = pulumi.output(`http://${config.bindAddress}:${config.ports.minioConsole}`);
    this.registerOutputs({ apiUrl: this.apiUrl, consoleUrl: this.consoleUrl });
  }
}
