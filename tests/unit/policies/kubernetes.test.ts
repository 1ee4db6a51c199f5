import type { ResourceValidationPolicy, StackValidationPolicy } from '../../../policies/shared/policy-sdk';
import { CRON_JOB, describeWorkload, podSpecOf } from '../../../policies/kubernetes/workloads';
import { kubernetesAppDisruptionBudget, kubernetesAppReplicas } from '../../../policies/kubernetes/availability';
import {
  kubernetesPodsRunAsNonRoot,
  kubernetesProbes,
  kubernetesResourceLimits,
  kubernetesRestrictedSecurityContext,
} from '../../../policies/kubernetes/containers';
import { kubernetesImagesByDigest } from '../../../policies/kubernetes/images';
import {
  assertHasResourceViolation,
  assertHasStackViolation,
  assertNoResourceViolations,
  assertNoStackViolations,
  assertNotApplicable,
  policyResource,
  resourceArgs,
  runStackPolicy,
  stackArgs,
} from '../../support/policy-args';
import {
  APP_LABELS,
  DEPLOYMENT,
  HPA,
  PDB,
  UNKNOWN_VALUE,
  appDeployment,
  appPdb,
  deployment,
  restrictedContainer,
  volume,
} from './fixtures/props';
import { policiesOf } from './pack';

const resourcePolicies = policiesOf('kubernetes').filter((p): p is ResourceValidationPolicy => 'validateResource' in p);
const stackPolicies = policiesOf('kubernetes').filter((p): p is StackValidationPolicy => 'validateStack' in p);

const withContainer = (overrides: Record<string, unknown>) =>
  appDeployment({ containers: [restrictedContainer(overrides)] });
const app = (props = appDeployment()) => policyResource({ type: DEPLOYMENT, name: 'app-deployment', props });
const pdb = (props = appPdb()) => policyResource({ type: PDB, name: 'app-pdb', props });
const hpa = (minReplicas: unknown) =>
  policyResource({
    type: HPA,
    name: 'app-hpa',
    props: {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' }, minReplicas, maxReplicas: 6 },
    },
  });

describe('kubernetes policies', () => {
  it.each(resourcePolicies.map((p) => [p.name, p]))('%s passes the restricted app Deployment', async (_n, policy) => {
    await assertNoResourceViolations(policy, deployment(appDeployment()));
  });

  it.each(resourcePolicies.map((p) => [p.name, p]))('%s does not apply to Docker volumes', async (_n, policy) => {
    await assertNotApplicable(policy, volume({}));
  });

  it.each(stackPolicies.map((p) => [p.name, p]))('%s passes the app with its budget', async (_n, policy) => {
    await assertNoStackViolations(policy, stackArgs([app(), pdb()]));
  });

  it.each(stackPolicies.map((p) => [p.name, p]))('%s does not apply to a stack without the app', async (_n, policy) => {
    const outcome = await runStackPolicy(policy, stackArgs([pdb()]));
    expect(outcome.notApplicable).toBe('no app Deployment in the stack');
  });

  it('find the pod spec of every workload kind and name workloads in messages', () => {
    const pod = { containers: [] };
    expect(podSpecOf(CRON_JOB, { spec: { jobTemplate: { spec: { template: { spec: pod } } } } })).toEqual(pod);
    expect(podSpecOf('kubernetes:core/v1:Pod', { spec: pod })).toEqual(pod);
    expect(describeWorkload(DEPLOYMENT, appDeployment(), 'app-deployment')).toBe('Deployment "app" (app-deployment)');
  });
});

describe('kubernetes-pods-run-as-non-root', () => {
  it('flags a pod without runAsNonRoot, naming the workload, the container and the fix', async () => {
    await assertHasResourceViolation(
      kubernetesPodsRunAsNonRoot,
      deployment(appDeployment({ securityContext: {}, containers: [restrictedContainer({ securityContext: {} })] })),
      /^Deployment "app" \(app-deployment\) does not set runAsNonRoot: true for container "app"\. .*Fix: set `securityContext: \{ runAsNonRoot: true/,
    );
  });

  it('flags uid 0, even with runAsNonRoot set (the kubelet would refuse to start it)', async () => {
    await assertHasResourceViolation(
      kubernetesPodsRunAsNonRoot,
      deployment(appDeployment({ securityContext: { runAsNonRoot: true, runAsUser: 0 } })),
      'runs container "app" as uid 0',
    );
  });

  it('lets the container setting win over the pod, as the kubelet does', async () => {
    await assertHasResourceViolation(
      kubernetesPodsRunAsNonRoot,
      deployment(withContainer({ securityContext: { runAsNonRoot: false } })),
      'does not set runAsNonRoot: true',
    );
    await assertNoResourceViolations(
      kubernetesPodsRunAsNonRoot,
      deployment(appDeployment({ securityContext: {}, containers: [restrictedContainer()] })),
    );
  });

  it('checks init containers too, and skips what is unknown during preview', async () => {
    await assertHasResourceViolation(
      kubernetesPodsRunAsNonRoot,
      deployment(appDeployment({ initContainers: [{ name: 'setup', image: 'x', securityContext: { runAsUser: 0 } }] })),
      'init container "setup" as uid 0',
    );
    await assertNoResourceViolations(
      kubernetesPodsRunAsNonRoot,
      deployment(
        appDeployment({ securityContext: UNKNOWN_VALUE, containers: [restrictedContainer({ securityContext: {} })] }),
      ),
    );
  });
});

describe('kubernetes-restricted-security-context', () => {
  const secured = (securityContext: Record<string, unknown>) =>
    deployment(
      withContainer({ securityContext: { ...(restrictedContainer().securityContext as object), ...securityContext } }),
    );

  it.each<[string, Record<string, unknown>, string]>([
    ['privileged', { privileged: true }, 'runs privileged (privileged: false)'],
    ['privilege escalation', { allowPrivilegeEscalation: true }, 'allows privilege escalation'],
    ['escalation left unset', { allowPrivilegeEscalation: undefined }, 'allows privilege escalation'],
    ['capabilities kept', { capabilities: { drop: ['NET_RAW'] } }, 'does not drop ALL capabilities'],
    ['capabilities added', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }, 'adds capabilities SYS_ADMIN'],
    ['no seccomp profile', { seccompProfile: { type: 'Unconfined' } }, 'has seccomp profile Unconfined'],
    ['a writable root', { readOnlyRootFilesystem: false }, 'has a writable root filesystem'],
  ])('flags %s', async (_label, securityContext, message) => {
    await assertHasResourceViolation(
      kubernetesRestrictedSecurityContext,
      secured(securityContext),
      new RegExp(
        `^Deployment "app" \\(app-deployment\\): container "app" .*${message.replace(/[()]/g, '\\$&')}.*Pods must follow the restricted Pod Security Standard`,
      ),
    );
  });

  it("accepts the pod's seccomp profile and NET_BIND_SERVICE", async () => {
    await assertNoResourceViolations(
      kubernetesRestrictedSecurityContext,
      secured({ seccompProfile: undefined, capabilities: { drop: ['all'], add: ['NET_BIND_SERVICE'] } }),
    );
  });

  it("flags pods sharing the node's namespaces", async () => {
    await assertHasResourceViolation(
      kubernetesRestrictedSecurityContext,
      deployment(appDeployment({ hostNetwork: true })),
      "sets hostNetwork: true, sharing the node's namespaces",
    );
  });

  it('skips a security context unknown during preview', async () => {
    await assertNoResourceViolations(
      kubernetesRestrictedSecurityContext,
      deployment(withContainer({ securityContext: UNKNOWN_VALUE })),
    );
  });
});

describe('kubernetes-resource-limits', () => {
  it('flags missing requests and limits, naming each', async () => {
    await assertHasResourceViolation(
      kubernetesResourceLimits,
      deployment(withContainer({ resources: { limits: { memory: '256Mi' } } })),
      /container "app" sets no requests\.cpu, requests\.memory, limits\.cpu\. Every container must have requests and limits/,
    );
    await assertHasResourceViolation(
      kubernetesResourceLimits,
      deployment(withContainer({ resources: undefined })),
      'sets no requests.cpu, requests.memory, limits.cpu, limits.memory',
    );
  });

  it('can leave the CPU limit out by config', async () => {
    const noCpuLimit = withContainer({
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
    });
    await assertHasResourceViolation(kubernetesResourceLimits, deployment(noCpuLimit), 'sets no limits.cpu');
    await assertNoResourceViolations(kubernetesResourceLimits, deployment(noCpuLimit, { requireCpuLimit: false }));
  });
});

describe('kubernetes-probes', () => {
  it('flags a container without readiness or liveness probe', async () => {
    await assertHasResourceViolation(
      kubernetesProbes,
      deployment(withContainer({ readinessProbe: undefined, livenessProbe: undefined })),
      /container "app" has no readinessProbe and no livenessProbe\. Long-running containers must have both/,
    );
  });

  it('does not ask init containers or jobs for probes', async () => {
    await assertNoResourceViolations(
      kubernetesProbes,
      deployment(appDeployment({ initContainers: [{ name: 'setup', image: 'x' }] })),
    );
    await assertNotApplicable(
      kubernetesProbes,
      resourceArgs({
        type: 'kubernetes:batch/v1:Job',
        props: { spec: { template: { spec: { containers: [{ name: 'x' }] } } } },
      }),
    );
  });
});

describe('kubernetes-images-by-digest', () => {
  it('flags an image by tag, and by no tag at all', async () => {
    for (const image of ['minio/minio:RELEASE.2025-04-22T22-12-26Z', 'minio/minio']) {
      await assertHasResourceViolation(
        kubernetesImagesByDigest,
        deployment(withContainer({ image })),
        /is not pinned by digest\. Images must be pinned by digest.*Fix: use "minio\/minio@sha256:<digest>"/,
      );
    }
  });

  it('with requireDigest off, still flags latest but accepts a version tag', async () => {
    await assertNoResourceViolations(
      kubernetesImagesByDigest,
      deployment(withContainer({ image: 'minio/minio:1' }), { requireDigest: false }),
    );
    await assertHasResourceViolation(
      kubernetesImagesByDigest,
      deployment(withContainer({ image: 'minio/minio:latest' }), { requireDigest: false }),
      'not pinned by digest',
    );
  });

  it('skips an image unknown during preview (a digest from a build not yet run)', async () => {
    await assertNoResourceViolations(kubernetesImagesByDigest, deployment(withContainer({ image: UNKNOWN_VALUE })));
  });
});

describe('kubernetes-app-replicas', () => {
  it('flags one replica, and replicas left unset (one) without an autoscaler', async () => {
    await assertHasStackViolation(
      kubernetesAppReplicas,
      stackArgs([app(appDeployment({}, { replicas: 1 })), pdb()]),
      /^Deployment "app" \(app-deployment\) runs 1 replica\. The app must run at least 2 replicas.*Fix: set spec\.replicas to at least 2/,
    );
    await assertHasStackViolation(
      kubernetesAppReplicas,
      stackArgs([app(appDeployment({}, { replicas: undefined }))]),
      'runs 1 (replicas unset) replica.',
    );
  });

  it('accepts replicas left to an autoscaler that keeps at least the minimum, and flags one that does not', async () => {
    const autoscaled = app(appDeployment({}, { replicas: undefined }));
    await assertNoStackViolations(kubernetesAppReplicas, stackArgs([autoscaled, hpa(2)]));
    await assertHasStackViolation(
      kubernetesAppReplicas,
      stackArgs([autoscaled, hpa(1)]),
      "is autoscaled with minReplicas 1. The app must run at least 2 replicas: with fewer, every rollout, node drain or crash is an outage. Fix: set the HorizontalPodAutoscaler's minReplicas",
    );
  });

  it('takes the minimum and the app labels from config, and ignores other Deployments', async () => {
    await assertHasStackViolation(kubernetesAppReplicas, stackArgs([app()], { minReplicas: 3 }), 'runs 2 replicas');
    const other = policyResource({
      type: DEPLOYMENT,
      name: 'other',
      props: appDeployment({}, { replicas: 1 }, { 'app.kubernetes.io/name': 'worker' }),
    });
    await assertNoStackViolations(kubernetesAppReplicas, stackArgs([app(), other]));
  });

  it('skips replicas unknown during preview', async () => {
    await assertNoStackViolations(
      kubernetesAppReplicas,
      stackArgs([app(appDeployment({}, { replicas: UNKNOWN_VALUE }))]),
    );
  });
});

describe('kubernetes-app-disruption-budget', () => {
  it('flags the app without a PodDisruptionBudget, with the fix', async () => {
    await assertHasStackViolation(
      kubernetesAppDisruptionBudget,
      stackArgs([app()]),
      /^Deployment "app" \(app-deployment\) has no PodDisruptionBudget selecting its pods\..*Fix: declare a policy\/v1 PodDisruptionBudget/,
    );
  });

  it('flags a budget that selects other pods, or sits in another namespace', async () => {
    await assertHasStackViolation(
      kubernetesAppDisruptionBudget,
      stackArgs([app(), pdb(appPdb({ 'app.kubernetes.io/name': 'minio' }))]),
      'has no PodDisruptionBudget',
    );
    await assertHasStackViolation(
      kubernetesAppDisruptionBudget,
      stackArgs([app(), pdb(appPdb(APP_LABELS, 'elsewhere'))]),
      'has no PodDisruptionBudget',
    );
    await assertHasStackViolation(
      kubernetesAppDisruptionBudget,
      stackArgs([app(), pdb(appPdb({}))]),
      'has no PodDisruptionBudget',
    );
  });

  it('accepts a budget whose selector is unknown during preview', async () => {
    await assertNoStackViolations(
      kubernetesAppDisruptionBudget,
      stackArgs([app(), pdb({ metadata: { namespace: 'datahub' }, spec: UNKNOWN_VALUE })]),
    );
  });
});
