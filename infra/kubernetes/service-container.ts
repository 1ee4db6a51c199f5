import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import { portOf, type CredentialRef, type ServiceSpec } from '../services/service-spec';
import { SERVICE_HOSTS } from '../services/topology';
import { RESTRICTED_CONTAINER, httpProbe, inClusterUrl, resourcesFor } from './workload';

type Container = k8s.types.input.core.v1.Container;

export interface ContainerWiring {
  readonly config: StackConfig;
  readonly kubernetes: KubernetesConfig;
  readonly image: pulumi.Input<string>;
  /** The Secret and key each credential the spec reads is in. */
  readonly credentials?: Partial<
    Record<CredentialRef, { readonly secret: pulumi.Input<string>; readonly key: string }>
  >;
  readonly volumeMounts: k8s.types.input.core.v1.VolumeMount[];
}

/**
 * A service spec as a container of a restricted pod: credentials from Secrets, HTTP probes on the
 * spec's first port, requests and limits, and the read-only root's extra environment.
 */
export function serviceContainer(spec: ServiceSpec, wiring: ContainerWiring): Container {
  const env = [...spec.env, ...(spec.readOnlyRootEnv ?? [])].map((e) => {
    if ('value' in e) return { name: e.name, value: e.value };
    const from = wiring.credentials?.[e.credential];
    if (!from) throw new Error(`${spec.service} reads ${e.credential}, and no Secret holding it was given`);
    return { name: e.name, valueFrom: { secretKeyRef: { name: from.secret, key: from.key } } };
  });
  const probePort = spec.ports[0]!.name;
  return {
    name: spec.service,
    image: wiring.image,
    ...(spec.args ? { args: [...spec.args] } : {}),
    ...(env.length > 0 ? { env } : {}),
    ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
    readinessProbe: httpProbe(spec.health.readyPath, probePort),
    livenessProbe: httpProbe(spec.health.livePath, probePort, spec.health.liveAfterSeconds),
    resources: resourcesFor(wiring.config, wiring.kubernetes, spec.service),
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: wiring.volumeMounts,
  };
}

/** The Service ports of a spec: every container port by name. */
export const servicePorts = (spec: ServiceSpec) =>
  spec.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: 'TCP' }));

/** The in-cluster URL of a spec's port (its first unless named). */
export function serviceUrl(spec: ServiceSpec, namespace: string, portName?: string): string {
  const port = portOf(spec, portName);
  return inClusterUrl(SERVICE_HOSTS[spec.service], namespace, port.port);
}

/** The mount of a service's data claim (the volume named `data`) at its data directory. */
export function dataMount(spec: ServiceSpec): k8s.types.input.core.v1.VolumeMount {
  if (!spec.dataDir) throw new Error(`${spec.service} keeps no data: it has no data directory to mount a claim at`);
  return { name: 'data', mountPath: spec.dataDir };
}
