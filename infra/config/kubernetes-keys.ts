import { z } from 'zod';
import { DOCKER_ONLY_KEYS } from './docker-keys';
import { flag, httpUrl, integerIn, section, strictObject } from './fields';
import { isPinnedByDigest } from './image-refs';

// An RFC 1123 label (namespace, secret name) and subdomain (storage class, ingress class).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// registry[:port]/path: where the app image is pushed (no tag: the program tags each build).
const REGISTRY = /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;
const CPU = /^(\d+m|\d+(\.\d{1,3})?)$/;

const cpuQuantity = z.string().regex(CPU, { message: 'must be a CPU quantity such as 250m or 1' });
const cpu = (fallback: { request: string; limit: string }) =>
  section({ request: cpuQuantity.default(fallback.request), limit: cpuQuantity.default(fallback.limit) });
const volumeGb = integerIn(1, 65536, { unit: 'GiB' });
const replicas = integerIn(2, 100, { hint: 'with one replica every rollout or node drain is an outage' });
const secretName = z.string().regex(DNS_LABEL, { message: 'must be a Secret name' });
const registryMessage = 'must be the registry the app image is pushed to, such as registry.example.com/datahub';

/** `datahub:kubernetes`: where and how the stack runs on a cluster. Only with `datahub:platform: kubernetes`. */
const kubernetesSchema = strictObject({
  /** The namespace every object goes in (created by the program). */
  namespace: z
    .string()
    .regex(DNS_LABEL, { message: 'must be a Kubernetes namespace name: lower-case letters, digits and "-"' })
    .default('datahub'),
  /** The kubeconfig context; unset means the current context (KUBECONFIG or ~/.kube/config). */
  context: z.string().min(1, { message: 'must be a kubeconfig context name' }).optional(),
  /** The storage class of every PersistentVolumeClaim; unset means the cluster's default class. */
  storageClass: z
    .string()
    .regex(DNS_SUBDOMAIN, { message: 'must be a storage class name such as standard or gp3' })
    .optional(),
  volumeGb: section({
    minio: volumeGb.default(100),
    prometheus: volumeGb.default(20),
    alertmanager: volumeGb.default(1),
    grafana: volumeGb.default(1),
  }),
  /** App replicas when the HorizontalPodAutoscaler is off. */
  appReplicas: replicas.default(2),
  /** CPU request and limit per service (memory comes from datahub:memoryMb on both platforms). */
  cpu: section({
    minio: cpu({ request: '250m', limit: '2' }),
    app: cpu({ request: '100m', limit: '1' }),
    prometheus: cpu({ request: '250m', limit: '1' }),
    alertmanager: cpu({ request: '50m', limit: '250m' }),
    grafana: cpu({ request: '100m', limit: '500m' }),
  }),
  /** The registry repository the app image is pushed to; the Deployment pulls it by digest. */
  registry: z.string({ message: registryMessage }).regex(REGISTRY, { message: registryMessage }),
  /** Push login; its password is the secret datahub:registryPassword. Unset uses the local Docker login. */
  registryUsername: z.string().min(1, { message: 'must be a user name' }).optional(),
  /** An existing Secret of type kubernetes.io/dockerconfigjson the pods pull with (private registries). */
  imagePullSecret: secretName.optional(),
  ingress: section({
    enabled: flag(false),
    host: z.string().regex(DNS_SUBDOMAIN, { message: 'must be a host name such as datahub.example.com' }).optional(),
    className: z.string().regex(DNS_SUBDOMAIN, { message: 'must be an IngressClass name such as nginx' }).optional(),
    /** A Secret of type kubernetes.io/tls for host; unset serves plain HTTP. */
    tlsSecret: secretName.optional(),
  }),
  hpa: section({
    enabled: flag(false),
    minReplicas: replicas.default(2),
    maxReplicas: replicas.default(6),
    cpuUtilization: integerIn(10, 100, { unit: '%' }).default(70),
  }),
  /** The cluster runs the Prometheus Operator: declare PrometheusRule and ServiceMonitors instead of a monitoring stack. */
  prometheusOperator: section({
    enabled: flag(false),
    /** Labels the cluster's Prometheus selects rules and monitors by, such as { release: kube-prometheus-stack }. */
    labels: z.record(z.string(), z.string(), { message: 'must be a map of label names to values' }).default({}),
    /** The cluster's Prometheus and Alertmanager, for the stack outputs and the deploy's verification. */
    prometheusUrl: httpUrl.optional(),
    alertmanagerUrl: httpUrl.optional(),
  }),
});

export type KubernetesConfig = z.infer<typeof kubernetesSchema>;

/** The keys only the Kubernetes platform reads. */
export const KUBERNETES_FIELDS = { kubernetes: kubernetesSchema.optional() };
export const KUBERNETES_KEYS = Object.keys(KUBERNETES_FIELDS) as readonly (keyof typeof KUBERNETES_FIELDS)[];

/**
 * The problems of a kubernetes stack's config beyond each key's own schema: Docker-only keys it sets,
 * a missing datahub:kubernetes, and fields that only make sense together. `setKeys` are the keys the
 * stack sets; `secrets` says which secret keys it sets.
 */
export function kubernetesProblems(
  stack: string,
  config: { readonly kubernetes?: KubernetesConfig | undefined; readonly appImage?: string | undefined },
  setKeys: ReadonlySet<string>,
  secrets: { readonly registryPassword: boolean },
): string[] {
  const problems: string[] = [];
  for (const key of DOCKER_ONLY_KEYS) {
    if (setKeys.has(key)) {
      problems.push(
        `datahub:${key} applies to the docker platform only, and this stack runs on kubernetes: remove it (\`pulumi config rm --stack ${stack} datahub:${key}\`); the cluster is configured under datahub:kubernetes`,
      );
    }
  }
  const k = config.kubernetes;
  if (!k) {
    problems.push(
      `datahub:kubernetes is required on the kubernetes platform: set at least datahub:kubernetes.registry, the registry the app image is pushed to (\`pulumi config set --stack ${stack} --path datahub:kubernetes.registry registry.example.com/datahub\`)`,
    );
    return problems;
  }
  if (config.appImage !== undefined && !isPinnedByDigest(config.appImage)) {
    problems.push(
      `datahub:appImage "${config.appImage}" must be a registry reference pinned by digest on the kubernetes platform (such as ${k.registry}/datahub-app@sha256:<digest>): the cluster cannot pull a local image id or a movable tag`,
    );
  }
  if (k.registryUsername && !secrets.registryPassword) {
    problems.push(
      `datahub:kubernetes.registryUsername is set but the registry password is not: \`pulumi config set --secret --stack ${stack} datahub:registryPassword <value>\``,
    );
  }
  if (secrets.registryPassword && !k.registryUsername) {
    problems.push(
      'datahub:registryPassword is set but datahub:kubernetes.registryUsername is not: name the user the password belongs to',
    );
  }
  if (k.ingress.enabled && !k.ingress.host) {
    problems.push(
      'datahub:kubernetes.ingress.host is required when ingress.enabled is true: the host name the app is served on, such as datahub.example.com',
    );
  }
  if (k.hpa.enabled && k.hpa.maxReplicas < k.hpa.minReplicas) {
    problems.push(
      `datahub:kubernetes.hpa.maxReplicas ${k.hpa.maxReplicas} is below hpa.minReplicas ${k.hpa.minReplicas}: raise maxReplicas or lower minReplicas`,
    );
  }
  const operator = k.prometheusOperator;
  if (operator.enabled) {
    for (const [key, example] of [
      ['prometheusUrl', 'http://prometheus-operated.monitoring.svc:9090'],
      ['alertmanagerUrl', 'http://alertmanager-operated.monitoring.svc:9093'],
    ] as const) {
      if (!operator[key]) {
        problems.push(
          `datahub:kubernetes.prometheusOperator.${key} is required when prometheusOperator.enabled is true: the cluster's own (such as ${example}), which the stack outputs and the deploy verifies`,
        );
      }
    }
  }
  return problems;
}
