import path from 'node:path';
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import type { StackCredentials } from '../credentials';
import { pinnedImage, type ServiceSpec } from '../services/service-spec';
import { localImage } from './local-image';
import { dataVolume } from './data-volume';
import { publishedUrl, serviceContainerArgs } from './service-container';

const MINIO_IMAGE_CONTEXT = path.join(__dirname, 'images', 'minio');

export interface ObjectStoreArgs {
  /** The validated stack config. */
  readonly config: StackConfig;
  readonly spec: ServiceSpec;
  /** The stack's Docker network name. */
  readonly network: pulumi.Input<string>;
  readonly credentials: StackCredentials;
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
    const { config, spec, provider } = args;
    const child = { parent: this, provider };

    const pinned = pinnedImage(spec);
    const upstream = new docker.RemoteImage(`${name}-upstream`, { name: pinned, keepLocally: true }, child);
    // The upstream image runs as root; this derivative owns the data directory as the spec's user.
    const image = localImage(
      `${name}-image`,
      'datahub-minio',
      MINIO_IMAGE_CONTEXT,
      { MINIO_IMAGE: pinned },
      { ...child, dependsOn: [upstream] },
    );
    this.dataVolume = dataVolume(`${name}-data`, 'minio', config, child);

    this.container = new docker.Container(
      `${name}-minio`,
      serviceContainerArgs(spec, { ...args, image: image.repoDigest, dataVolume: this.dataVolume.name }),
      child,
    );

    this.apiUrl = pulumi.output(publishedUrl(config, spec, 'api'));
    this.consoleUrl = pulumi.output(publishedUrl(config, spec, 'console'));
    this.registerOutputs({ apiUrl: this.apiUrl, consoleUrl: this.consoleUrl });
  }
}
