/**
 * Kubernetes workloads: non-root and restricted pods, requests and limits, probes, images by
 * digest, and an app that survives a node drain (replicas and a PodDisruptionBudget).
 * Resources are matched by their type tokens; the pack needs no Kubernetes SDK.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { KUBERNETES_LABELS, PART_OF } from '../contracts/services';
import {
  type Known,
  type Props,
  configOf,
  forTypes,
  isUnknown,
  knownStrings,
  list,
  num,
  parseImageRef,
  propsOf,
  record,
  str,
} from './common';

export const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
export const STATEFUL_SET = 'kubernetes:apps/v1:StatefulSet';
export const DAEMON_SET = 'kubernetes:apps/v1:DaemonSet';
export const JOB = 'kubernetes:batch/v1:Job';
export const CRON_JOB = 'kubernetes:batch/v1:CronJob';
export const POD = 'kubernetes:core/v1:Pod';
export const POD_DISRUPTION_BUDGET = 'kubernetes:policy/v1:PodDisruptionBudget';
export const HORIZONTAL_POD_AUTOSCALER = 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler';

/** Every type that runs pods. */
export const WORKLOADS = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, JOB, CRON_JOB, POD] as const;
/** Workloads whose pods run until replaced: these need probes. */
export const LONG_RUNNING = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, POD] as const;

/** The pod spec of a workload's props (Pod: spec; CronJob: spec.jobTemplate.spec.template.spec; others: spec.template.spec). */
export function podSpecOf(type: string, props: Props): Known<Props> {
  const path =
    type === POD
      ? ['spec']
      : type === CRON_JOB
        ? ['spec', 'jobTemplate', 'spec', 'template', 'spec']
        : ['spec', 'template', 'spec'];
  let node: Known<Props> = props;
  for (const key of path) {
    if (isUnknown(node)) return node;
    node = record(node[key]);
  }
  return node;
}

/** How messages name a workload: its kind, its Kubernetes name and the resource name. */
export function describeWorkload(type: string, props: Props, resourceName: string): string {
  const kind = type.slice(type.lastIndexOf(':') + 1);
  const metadata = record(props.metadata);
  const name = isUnknown(metadata) ? undefined : str(metadata.name);
  return typeof name === 'string' ? `${kind} "${name}" (${resourceName})` : `${kind} ${resourceName}`;
}

export interface PodContainer {
  readonly props: Props;
  /** `container "app"` or `init container "setup"`. */
  readonly label: string;
  readonly init: boolean;
}

/** The known containers and init containers of a pod spec. */
export function podContainers(pod: Props): PodContainer[] {
  const of = (value: unknown, init: boolean): PodContainer[] => {
    const items = list(value);
    if (isUnknown(items)) return [];
    return items.flatMap((item, i) => {
      const c = record(item);
      if (isUnknown(c)) return [];
      const name = str(c.name);
      const label = `${init ? 'init container' : 'container'} ${typeof name === 'string' ? `"${name}"` : `#${i}`}`;
      return [{ props: c, label, init }];
    });
  };
  return [...of(pod.initContainers, true), ...of(pod.containers, false)];
}

interface WorkloadCheck {
  readonly type: string;
  readonly props: Props;
  readonly pod: Props;
  readonly containers: readonly PodContainer[];
  /** `Deployment "app" (app-deployment)`. */
  readonly label: string;
  readonly report: (message: string) => void;
  readonly notApplicable: (reason?: string) => never;
  readonly getConfig: <T extends object>() => T;
}

/** Runs `validate` on the pod spec of every workload; skips a pod spec unknown during preview. */
function forWorkloads(types: readonly string[], validate: (w: WorkloadCheck) => void) {
  return forTypes(types, (props, args, reportViolation) => {
    const pod = podSpecOf(args.type, props);
    if (isUnknown(pod)) return;
    validate({
      type: args.type,
      props,
      pod,
      containers: podContainers(pod),
      label: describeWorkload(args.type, props, args.name),
      report: (message) => reportViolation(message),
      notApplicable: args.notApplicable,
      getConfig: args.getConfig,
    });
  });
}

/** A container's security setting, the container's own over the pod's (as the kubelet applies them). */
function effective(pod: Props, container: Props, key: string): unknown {
  const own = record(container.securityContext);
  if (isUnknown(own)) return own;
  if (own[key] !== undefined) return own[key];
  const podLevel = record(pod.securityContext);
  return isUnknown(podLevel) ? podLevel : podLevel[key];
}

export const kubernetesPodsRunAsNonRoot: ResourceValidationPolicy = {
  name: 'kubernetes-pods-run-as-non-root',
  description: 'Checks whether every container of a Kubernetes workload runs as a non-root user.',
  enforcementLevel: 'mandatory',
  validateResource: forWorkloads(WORKLOADS, ({ pod, containers, label, report }) => {
    const reason =
      'Containers must run as a non-root user: root in a container is root on the node once it escapes, and ' +
      'without runAsNonRoot the kubelet starts an image whose default user is root without complaint.';
    const fix =
      'Fix: set `securityContext: { runAsNonRoot: true, runAsUser: <uid other than 0> }` on the pod (or the container).';
    for (const c of containers) {
      const nonRoot = effective(pod, c.props, 'runAsNonRoot');
      const user = num(effective(pod, c.props, 'runAsUser'));
      if (user === 0) {
        report(`${label} runs ${c.label} as uid 0 (runAsUser: 0). ${reason} ${fix}`);
      } else if (!isUnknown(nonRoot) && nonRoot !== true) {
        report(`${label} does not set runAsNonRoot: true for ${c.label}. ${reason} ${fix}`);
      }
    }
  }),
};

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

export const kubernetesRestrictedSecurityContext: ResourceValidationPolicy = {
  name: 'kubernetes-restricted-security-context',
  description:
    'Checks that Kubernetes workloads follow the restricted pod security profile with a read-only root filesystem.',
  enforcementLevel: 'mandatory',
  validateResource: forWorkloads(WORKLOADS, ({ pod, containers, label, report }) => {
    const rule =
      'Pods must follow the restricted Pod Security Standard: each of these settings closes a known way from a ' +
      'compromised container to the node.';
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod[key] === true) {
        report(`${label} sets ${key}: true, sharing the node's namespaces. ${rule} Fix: remove \`${key}\`.`);
      }
    }
    for (const c of containers) {
      const problems: string[] = [];
      const security = record(c.props.securityContext);
      if (isUnknown(security)) continue;
      if (security.privileged === true) problems.push('runs privileged (privileged: false)');
      const escalation = security.allowPrivilegeEscalation;
      if (!isUnknown(escalation) && escalation !== false) {
        problems.push('allows privilege escalation (allowPrivilegeEscalation: false)');
      }
      const capabilities = record(security.capabilities);
      if (!isUnknown(capabilities)) {
        const drops = knownStrings(capabilities.drop);
        if (drops.complete && !drops.values.some((d) => d.toUpperCase() === 'ALL')) {
          problems.push('does not drop ALL capabilities (capabilities: { drop: ["ALL"] })');
        }
        const adds = knownStrings(capabilities.add).values.filter((a) => a.toUpperCase() !== 'NET_BIND_SERVICE');
        if (adds.length > 0) problems.push(`adds capabilities ${adds.join(', ')} (only NET_BIND_SERVICE may be added)`);
      }
      const seccomp = record(effective(pod, c.props, 'seccompProfile'));
      if (!isUnknown(seccomp)) {
        const type = str(seccomp.type);
        if (!isUnknown(type) && !SECCOMP_TYPES.includes(type ?? '')) {
          problems.push(`has seccomp profile ${type ?? 'unset'} (seccompProfile: { type: "RuntimeDefault" })`);
        }
      }
      const readOnly = security.readOnlyRootFilesystem;
      if (!isUnknown(readOnly) && readOnly !== true) {
        problems.push(
          'has a writable root filesystem (readOnlyRootFilesystem: true, with an emptyDir where it must write)',
        );
      }
      if (problems.length > 0) {
        report(`${label}: ${c.label} ${problems.join('; ')}. ${rule} Fix: set what each parenthesis says.`);
      }
    }
  }),
};

export interface ResourceLimitsConfig {
  /** Also require a CPU limit (a memory limit and both requests are always required). */
  readonly requireCpuLimit: boolean;
}
export const RESOURCE_LIMITS_DEFAULTS: ResourceLimitsConfig = { requireCpuLimit: true };

export const kubernetesResourceLimits: ResourceValidationPolicy = {
  name: 'kubernetes-resource-limits',
  description: 'Checks that every container of a Kubernetes workload sets CPU and memory requests and limits.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      requireCpuLimit: {
        type: 'boolean',
        default: RESOURCE_LIMITS_DEFAULTS.requireCpuLimit,
        description: 'Require limits.cpu too, not only limits.memory and both requests.',
      },
    },
  },
  validateResource: forWorkloads(WORKLOADS, ({ containers, label, report, getConfig }) => {
    const { requireCpuLimit } = { ...RESOURCE_LIMITS_DEFAULTS, ...getConfig<Partial<ResourceLimitsConfig>>() };
    for (const c of containers) {
      const resources = record(c.props.resources);
      if (isUnknown(resources)) continue;
      const requests = record(resources.requests);
      const limits = record(resources.limits);
      if (isUnknown(requests) || isUnknown(limits)) continue;
      const missing = [
        requests.cpu === undefined ? 'requests.cpu' : undefined,
        requests.memory === undefined ? 'requests.memory' : undefined,
        requireCpuLimit && limits.cpu === undefined ? 'limits.cpu' : undefined,
        limits.memory === undefined ? 'limits.memory' : undefined,
      ].filter((m): m is string => m !== undefined);
      if (missing.length === 0) continue;
      report(
        `${label}: ${c.label} sets no ${missing.join(', ')}. Every container must have requests and limits: ` +
          'without requests the scheduler packs pods onto nodes that cannot run them, and without limits one leak ' +
          "or load spike takes the node's memory and the kernel kills whatever it picks. " +
          'Fix: set `resources: { requests: { cpu, memory }, limits: { cpu, memory } }` ' +
          '(datahub:kubernetes.cpu and datahub:memoryMb for DataHub services).',
      );
    }
  }),
};

export const kubernetesProbes: ResourceValidationPolicy = {
  name: 'kubernetes-probes',
  description:
    'Checks whether every container of a long-running Kubernetes workload has readiness and liveness probes.',
  enforcementLevel: 'mandatory',
  validateResource: forWorkloads(LONG_RUNNING, ({ containers, label, report }) => {
    for (const c of containers.filter((c) => !c.init)) {
      const missing = (['readinessProbe', 'livenessProbe'] as const).filter((p) => c.props[p] === undefined);
      if (missing.length === 0) continue;
      report(
        `${label}: ${c.label} has no ${missing.join(' and no ')}. Long-running containers must have both: without ` +
          'a readiness probe a starting or broken pod gets traffic, and without a liveness probe a hung one is never ' +
          'restarted. Fix: add `readinessProbe` and `livenessProbe` (an httpGet on its health endpoints).',
      );
    }
  }),
};

export interface DigestConfig {
  /** Every container image must carry @sha256:<digest>; off, a version tag other than latest is enough. */
  readonly requireDigest: boolean;
}
export const DIGEST_DEFAULTS: DigestConfig = { requireDigest: true };

export const kubernetesImagesByDigest: ResourceValidationPolicy = {
  name: 'kubernetes-images-by-digest',
  description: 'Checks whether every container image of a Kubernetes workload is pinned by digest.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      requireDigest: {
        type: 'boolean',
        default: DIGEST_DEFAULTS.requireDigest,
        description: 'Require @sha256:<digest> on every container image (off: a version tag other than latest).',
      },
    },
  },
  validateResource: forWorkloads(WORKLOADS, ({ containers, label, report, getConfig }) => {
    const { requireDigest } = { ...DIGEST_DEFAULTS, ...getConfig<Partial<DigestConfig>>() };
    for (const c of containers) {
      const image = str(c.props.image);
      if (typeof image !== 'string') continue;
      const ref = parseImageRef(image);
      if (ref.digest !== undefined) continue;
      const unversioned = ref.tag === undefined || ref.tag === 'latest';
      if (!requireDigest && !unversioned) continue;
      report(
        `${label}: ${c.label} runs "${image}", which is not pinned by digest. Images must be pinned by digest: a ` +
          'tag can be moved to other bytes, so nodes pulling at different times run different software and a ' +
          `rollback cannot name what ran. Fix: use "${ref.repository}@sha256:<digest>" (for a built image, ` +
          "docker.Image's repoDigest).",
      );
    }
  }),
};

export interface AppSelectorConfig {
  /** The labels that mark the app's Deployment. */
  readonly appLabels: Readonly<Record<string, string>>;
}
export interface AppReplicasConfig extends AppSelectorConfig {
  readonly minReplicas: number;
}
export const APP_SELECTOR_DEFAULTS: AppSelectorConfig = {
  appLabels: { [KUBERNETES_LABELS.partOf]: PART_OF, [KUBERNETES_LABELS.name]: 'app' },
};
export const APP_REPLICAS_DEFAULTS: AppReplicasConfig = { ...APP_SELECTOR_DEFAULTS, minReplicas: 2 };

const appLabelsSchema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  default: { ...APP_SELECTOR_DEFAULTS.appLabels },
  description: "The labels that mark the app's Deployment.",
} as const;

const labelsOf = (props: Props): Readonly<Record<string, unknown>> => {
  const metadata = record(props.metadata);
  if (isUnknown(metadata)) return {};
  const labels = record(metadata.labels);
  return isUnknown(labels) ? {} : labels;
};
const nameOf = (props: Props): string | undefined => {
  const metadata = record(props.metadata);
  const name = isUnknown(metadata) ? undefined : str(metadata.name);
  return typeof name === 'string' ? name : undefined;
};
const namespaceOf = (props: Props): Known<string> | undefined => {
  const metadata = record(props.metadata);
  return isUnknown(metadata) ? metadata : str(metadata.namespace);
};

interface AppDeployment {
  readonly resource: PolicyResource;
  readonly props: Props;
  readonly label: string;
}

/** The Deployments the app labels mark. */
function appDeployments(resources: readonly PolicyResource[], appLabels: Readonly<Record<string, string>>) {
  return resources
    .filter((r) => r.type === DEPLOYMENT)
    .map((resource): AppDeployment => {
      const props = propsOf(resource);
      return { resource, props, label: describeWorkload(DEPLOYMENT, props, resource.name) };
    })
    .filter((d) => Object.entries(appLabels).every(([k, v]) => labelsOf(d.props)[k] === v));
}

export const kubernetesAppReplicas: StackValidationPolicy = {
  name: 'kubernetes-app-replicas',
  description:
    "Checks that the app's Kubernetes Deployment runs at least the minimum replicas, or is autoscaled from it.",
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      appLabels: appLabelsSchema,
      minReplicas: {
        type: 'integer',
        minimum: 1,
        default: APP_REPLICAS_DEFAULTS.minReplicas,
        description: 'The fewest replicas the app may run (or its autoscaler may scale it to).',
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { appLabels, minReplicas } = configOf(args, APP_REPLICAS_DEFAULTS);
    const apps = appDeployments(args.resources, appLabels);
    if (apps.length === 0) args.notApplicable('no app Deployment in the stack');
    const reason = `The app must run at least ${minReplicas} replicas: with fewer, every rollout, node drain or crash is an outage.`;
    const autoscalers = args.resources.filter((r) => r.type === HORIZONTAL_POD_AUTOSCALER).map(propsOf);
    for (const app of apps) {
      const spec = record(app.props.spec);
      if (isUnknown(spec)) continue;
      const replicas = num(spec.replicas);
      if (isUnknown(replicas)) continue;
      const name = nameOf(app.props);
      // Autoscalers of this Deployment; one whose target is unknown during preview may be one.
      const scalers = autoscalers.filter((hpa) => {
        const hpaSpec = record(hpa.spec);
        if (isUnknown(hpaSpec)) return true;
        const target = record(hpaSpec.scaleTargetRef);
        if (isUnknown(target)) return true;
        const targetName = str(target.name);
        return target.kind === 'Deployment' && (isUnknown(targetName) || targetName === name);
      });
      for (const hpa of scalers) {
        const hpaSpec = record(hpa.spec);
        if (isUnknown(hpaSpec)) continue;
        const min = num(hpaSpec.minReplicas);
        if (isUnknown(min) || (min ?? 1) >= minReplicas) continue;
        reportViolation(
          `${app.label} is autoscaled with minReplicas ${min ?? '1 (unset)'}. ${reason} ` +
            `Fix: set the HorizontalPodAutoscaler's minReplicas to at least ${minReplicas} (datahub:kubernetes.hpa.minReplicas).`,
          app.resource.urn,
        );
      }
      if (replicas === undefined && scalers.length > 0) continue;
      if ((replicas ?? 1) < minReplicas) {
        reportViolation(
          `${app.label} runs ${replicas ?? '1 (replicas unset)'} replica${replicas === 1 || replicas === undefined ? '' : 's'}. ${reason} ` +
            `Fix: set spec.replicas to at least ${minReplicas} (datahub:kubernetes.appReplicas), or autoscale it from ${minReplicas}.`,
          app.resource.urn,
        );
      }
    }
  },
};

/** Whether a PDB's matchLabels select the pods of a template with these labels. */
const selects = (matchLabels: Readonly<Record<string, unknown>>, podLabels: Readonly<Record<string, unknown>>) =>
  Object.keys(matchLabels).length > 0 && Object.entries(matchLabels).every(([k, v]) => podLabels[k] === v);

export const kubernetesAppDisruptionBudget: StackValidationPolicy = {
  name: 'kubernetes-app-disruption-budget',
  description: "Checks that the app's Kubernetes Deployment has a PodDisruptionBudget selecting its pods.",
  enforcementLevel: 'mandatory',
  configSchema: { properties: { appLabels: appLabelsSchema } },
  validateStack: (args, reportViolation) => {
    const { appLabels } = configOf(args, APP_SELECTOR_DEFAULTS);
    const apps = appDeployments(args.resources, appLabels);
    if (apps.length === 0) args.notApplicable('no app Deployment in the stack');
    const budgets = args.resources.filter((r) => r.type === POD_DISRUPTION_BUDGET).map(propsOf);
    for (const app of apps) {
      const spec = record(app.props.spec);
      if (isUnknown(spec)) continue;
      const template = record(spec.template);
      if (isUnknown(template)) continue;
      const podLabels = labelsOf(template);
      const namespace = namespaceOf(app.props);
      const covering = budgets.filter((pdb) => {
        const pdbSpec = record(pdb.spec);
        if (isUnknown(pdbSpec)) return true;
        const selector = record(pdbSpec.selector);
        if (isUnknown(selector)) return true;
        const matchLabels = record(selector.matchLabels);
        if (isUnknown(matchLabels)) return true;
        const pdbNamespace = namespaceOf(pdb);
        const sameNamespace = isUnknown(pdbNamespace) || isUnknown(namespace) || pdbNamespace === namespace;
        return sameNamespace && selects(matchLabels, podLabels);
      });
      if (covering.length > 0) continue;
      reportViolation(
        `${app.label} has no PodDisruptionBudget selecting its pods. The app must have one: without it a node ` +
          'drain or cluster upgrade may evict every replica at once. ' +
          'Fix: declare a policy/v1 PodDisruptionBudget in its namespace with `maxUnavailable: 1` and ' +
          "`selector.matchLabels` equal to the Deployment's selector.",
        app.resource.urn,
      );
    }
  },
};

export const kubernetesPolicies: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = [
  kubernetesPodsRunAsNonRoot,
  kubernetesRestrictedSecurityContext,
  kubernetesResourceLimits,
  kubernetesProbes,
  kubernetesImagesByDigest,
  kubernetesAppReplicas,
  kubernetesAppDisruptionBudget,
];
