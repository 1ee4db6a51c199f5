/** How each container of a workload runs: non-root, the restricted pod security profile, requests and limits, probes. */
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { type Props, isUnknown, knownStrings, num, record, str } from '../shared/props';
import { LONG_RUNNING, WORKLOADS, forWorkloads } from './workloads';
import { booleanOption } from '../shared/config-options';

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
      requireCpuLimit: booleanOption(
        RESOURCE_LIMITS_DEFAULTS.requireCpuLimit,
        'Require limits.cpu too, not only limits.memory and both requests.',
      ),
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

export const kubernetesContainerPolicies: readonly ResourceValidationPolicy[] = [
  kubernetesPodsRunAsNonRoot,
  kubernetesRestrictedSecurityContext,
  kubernetesResourceLimits,
  kubernetesProbes,
];
