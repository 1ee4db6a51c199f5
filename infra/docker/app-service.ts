import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import type { StackCredentials } from '../credentials';
import { APP_REPOSITORY } from '../services/app';
import type { ServiceSpec } from '../services/service-spec';
import { localImage } from './local-image';
import { publishedUrl, serviceContainerArgs } from './service-container';

export interface AppServiceArgs {
  readonly config: StackConfig;
  readonly spec: ServiceSpec;
  readonly network: pulumi.Input<string>;
  readonly credentials: StackCredentials;
  /** The MinIO container: the app starts after it. */
  readonly objectStore: pulumi.Resource;
  readonly provider: docker.Provider;
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
    const { config, spec, provider } = args;
    const child = { parent: this, provider };

    const source = spec.image;
    if ('build' in source) {
      this.image = localImage(`${name}-image`, APP_REPOSITORY, source.build.context, source.build.args, child);
      this.imageDigest = this.image.repoDigest;
    } else {
      this.image = undefined;
      this.imageDigest = pulumi.output(source.pinned);
    }

    this.container = new docker.Container(
      `${name}-app`,
      serviceContainerArgs(spec, { ...args, image: this.imageDigest }),
      { ...child, dependsOn: [args.objectStore] },
    );

    this.url = pulumi.output(publishedUrl(config, spec));
    this.registerOutputs({ url: this.url, imageDigest: this.imageDigest });
  }
}
