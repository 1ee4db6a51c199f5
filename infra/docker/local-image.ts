import path from 'node:path';
import * as docker from '@pulumi/docker';
import type * as pulumi from '@pulumi/pulumi';
import { localImageName } from '../services/image-tags';

/** An image `pulumi up` builds from a local context and never pushes (no registry on the Docker platform). */
export function localImage(
  name: string,
  repository: string,
  context: string,
  buildArgs: Readonly<Record<string, string>>,
  opts: pulumi.CustomResourceOptions,
): docker.Image {
  return new docker.Image(
    name,
    {
      build: { context, dockerfile: path.join(context, 'Dockerfile'), args: { ...buildArgs }, platform: 'linux/amd64' },
      imageName: localImageName(repository, context, buildArgs),
      skipPush: true,
    },
    opts,
  );
}
