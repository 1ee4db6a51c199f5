import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import { stackLabels } from './hardening';

/**
 * A named volume for a service's data. With `protectData` it is protected and retained on
 * delete, so neither `pulumi destroy` nor a replacement can silently delete it.
 */
export function dataVolume(
  name: string,
  service: string,
  config: Pick<StackConfig, 'stack' | 'protectData' | 'dataVolumeDriverOpts'>,
  opts: pulumi.CustomResourceOptions,
): docker.Volume {
  return new docker.Volume(
    name,
    {
      name: `datahub-${config.stack}-${service}-data`,
      labels: stackLabels(config.stack, service).map(({ label, value }) => ({ label, value })),
      ...(Object.keys(config.dataVolumeDriverOpts).length > 0
        ? { driver: 'local', driverOpts: { ...config.dataVolumeDriverOpts } }
        : {}),
    },
    { ...opts, protect: config.protectData, retainOnDelete: config.protectData },
  );
}
