import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { KUBERNETES_LABELS, PART_OF } from '../../contracts/services';
import type { KubernetesConfig, Service, StackConfig } from '../config';

type Container = k8s.types.input.core.v1.Container;
type PodSpec = k8s.types.input.core.v1.PodSpec;
type Probe = k8s.types.input.core.v1.Probe;

/** The labels selectors use: only what never changes, since a workload's selector is immutable. */
export function selectorLabels(service: Service): Record<string, string> {
  return { [KUBERNETES_LABELS.name]: service, [KUBERNETES_LABELS.partOf]: PART_OF };
}

/** The labels of every object of a service (the policy pack finds the app by its name label). */
export function serviceLabels(stack: string, service: Service): Record<string, string> {
  return { ...selectorLabels(service), [KUBERNETES_LABELS.instance]: stack, [KUBERNETES_LABELS.managedBy]: 'pulumi' };
}

/** `metadata` of a namespaced object with a fixed name (Services keep the names the rendered files use). */
export function objectMeta(
  name: string,
  namespace: pulumi.Input<string>,
  labels: Record<string, string>,
): k8s.types.input.meta.v1.ObjectMeta {
  return { name, namespace, labels };
}

/** An http(s) URL of a Service inside the cluster (resolvable from any namespace). */
export const inClusterUrl = (service: string, namespace: string, port: number) =>
  `http://${service}.${namespace}.svc:${port}`;

/** The pod-level part of the restricted Pod Security Standard, and what no DataHub pod needs. */
export function restrictedPod(
  uid: number,
): Pick<PodSpec, 'securityContext' | 'automountServiceAccountToken' | 'enableServiceLinks'> {
  return {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: uid,
      // Volumes (the PVCs) are made writable for this group; only on a mismatch, so large volumes start fast.
      fsGroup: uid,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    // Nothing here talks to the Kubernetes API.
    automountServiceAccountToken: false,
    // Service links would inject MINIO_PORT=tcp://… and the like, which MinIO and the app read as config.
    enableServiceLinks: false,
  };
}

/** The container-level part of the restricted Pod Security Standard, plus a read-only root. */
export const RESTRICTED_CONTAINER: Container['securityContext'] = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Requests and limits: memory from datahub:memoryMb (request = limit, as on Docker), CPU from datahub:kubernetes.cpu. */
export function resourcesFor(
  config: Pick<StackConfig, 'memoryMb'>,
  kubernetes: Pick<KubernetesConfig, 'cpu'>,
  service: Service,
): Container['resources'] {
  const memory = `${config.memoryMb[service]}Mi`;
  const cpu = kubernetes.cpu[service];
  return { requests: { cpu: cpu.request, memory }, limits: { cpu: cpu.limit, memory } };
}

export const PROBE_TIMING = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 } as const;

/** An HTTP GET probe on a named container port. */
export function httpProbe(path: string, port: string, initialDelaySeconds = 5): Probe {
  return { httpGet: { path, port }, initialDelaySeconds, ...PROBE_TIMING };
}

/** A writable /tmp for containers with a read-only root. */
export const TMP_VOLUME = { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } };
export const TMP_MOUNT = { name: 'tmp', mountPath: '/tmp' };

/** A persistent volume claim's spec: one node at a time, the configured class and size. */
export function claimSpec(
  kubernetes: Pick<KubernetesConfig, 'storageClass'>,
  sizeGb: number,
): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
  return {
    accessModes: ['ReadWriteOnce'],
    ...(kubernetes.storageClass ? { storageClassName: kubernetes.storageClass } : {}),
    resources: { requests: { storage: `${sizeGb}Gi` } },
  };
}

/** PVCs (and the namespace that holds them) with datahub:protectData: never deleted by `destroy` or a replacement. */
export const dataProtection = (config: Pick<StackConfig, 'protectData'>) => ({
  protect: config.protectData,
  retainOnDelete: config.protectData,
});
