import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import { claimSpec, dataProtection, objectMeta, serviceLabels } from './workload';

type ClaimedService = keyof KubernetesConfig['volumeGb'];

/** The claim `<service>-data` a service keeps its data on: the configured class and size, protected with the data. */
export function dataClaim(
  name: string,
  service: ClaimedService,
  args: {
    readonly config: Pick<StackConfig, 'stack' | 'protectData'>;
    readonly kubernetes: Pick<KubernetesConfig, 'storageClass' | 'volumeGb'>;
    readonly namespace: pulumi.Input<string>;
  },
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.PersistentVolumeClaim {
  const { config, kubernetes, namespace } = args;
  return new k8s.core.v1.PersistentVolumeClaim(
    name,
    {
      metadata: objectMeta(`${service}-data`, namespace, serviceLabels(config.stack, service)),
      spec: claimSpec(kubernetes, kubernetes.volumeGb[service]),
    },
    { ...opts, ...dataProtection(config) },
  );
}
