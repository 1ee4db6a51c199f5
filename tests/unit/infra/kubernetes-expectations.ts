/** Assertions every Kubernetes stack must satisfy, shared by the Kubernetes program tests. */
import type { ProgramRun, Registration } from '../../support/pulumi-program';
import { kubernetesObjects, manifestOf, schemaErrors } from '../../support/kubernetes-schema';
import { RESTRICTED_CONTAINER_SECURITY } from '../../support/restricted-container';

export const K8S = {
  namespace: 'kubernetes:core/v1:Namespace',
  configMap: 'kubernetes:core/v1:ConfigMap',
  secret: 'kubernetes:core/v1:Secret',
  service: 'kubernetes:core/v1:Service',
  claim: 'kubernetes:core/v1:PersistentVolumeClaim',
  deployment: 'kubernetes:apps/v1:Deployment',
  statefulSet: 'kubernetes:apps/v1:StatefulSet',
  pdb: 'kubernetes:policy/v1:PodDisruptionBudget',
  ingress: 'kubernetes:networking.k8s.io/v1:Ingress',
  hpa: 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler',
  prometheusRule: 'kubernetes:monitoring.coreos.com/v1:PrometheusRule',
  serviceMonitor: 'kubernetes:monitoring.coreos.com/v1:ServiceMonitor',
} as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are asserted field by field */
export type Obj = Record<string, any>;

export const inputs = (r: Registration) => r.inputs as Obj;
export const workloads = (run: ProgramRun) => [...run.byType(K8S.deployment), ...run.byType(K8S.statefulSet)];
export const podSpec = (workload: Registration): Obj => inputs(workload).spec.template.spec;
export const containers = (workload: Registration): Obj[] => podSpec(workload).containers;
export const byName = (rs: readonly Registration[], name: string) => {
  const found = rs.find((r) => inputs(r).metadata.name === name);
  if (!found) throw new Error(`no object named ${name}`);
  return found;
};

/** Every object of the run, each as the kind/name of its manifest. */
export const objectNames = (run: ProgramRun) =>
  kubernetesObjects(run.resources)
    .map((r) => `${inputs(r).kind}/${inputs(r).metadata.name}`)
    .sort();

/** What every prod Kubernetes stack declares for its namespace, MinIO and the app, by kind/name. */
export const PROD_STORAGE_AND_APP_OBJECTS = [
  'Namespace/datahub-prod',
  'Secret/minio-credentials',
  'PersistentVolumeClaim/minio-data',
  'StatefulSet/minio',
  'Service/minio',
  'Deployment/app',
  'Service/app',
  'Service/app-pods',
  'PodDisruptionBudget/app',
];

/** The restricted Pod Security Standard, a read-only root, no API token, no service links. */
export function expectRestricted(workload: Registration): void {
  const pod = podSpec(workload);
  expect({ workload: workload.name, pod: pod.securityContext }).toEqual({
    workload: workload.name,
    pod: expect.objectContaining({
      runAsNonRoot: true,
      runAsUser: expect.any(Number),
      seccompProfile: { type: 'RuntimeDefault' },
    }),
  });
  expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.enableServiceLinks).toBe(false);
  for (const c of containers(workload)) {
    expect({ container: c.name, securityContext: c.securityContext }).toEqual({
      container: c.name,
      securityContext: RESTRICTED_CONTAINER_SECURITY,
    });
  }
}

/** Readiness and liveness on HTTP, requests and limits for CPU and memory. */
export function expectProbesAndLimits(workload: Registration): void {
  for (const c of containers(workload)) {
    expect({ container: c.name, ready: c.readinessProbe?.httpGet, live: c.livenessProbe?.httpGet }).toEqual({
      container: c.name,
      ready: { path: expect.stringMatching(/^\//), port: expect.any(String) },
      live: { path: expect.stringMatching(/^\//), port: expect.any(String) },
    });
    expect({ container: c.name, resources: c.resources }).toEqual({
      container: c.name,
      resources: {
        requests: { cpu: expect.any(String), memory: expect.stringMatching(/^\d+Mi$/) },
        limits: { cpu: expect.any(String), memory: c.resources.requests.memory },
      },
    });
  }
}

/** Every object of the run, as a manifest, against the pinned Kubernetes (and Prometheus Operator) schemas. */
export function expectValidManifests(run: ProgramRun): void {
  const objects = kubernetesObjects(run.resources);
  expect(objects.length).toBeGreaterThan(0);
  const errors = objects.map((r) => ({ object: `${r.type}::${r.name}`, errors: schemaErrors(manifestOf(r)) }));
  expect(errors.filter((e) => e.errors.length > 0)).toEqual([]);
}

/** container path → content of every ConfigMap file a workload mounts (subPath mounts of a configMap volume). */
export function mountedFiles(run: ProgramRun, workload: Registration): Record<string, string> {
  const pod = podSpec(workload);
  const files: Record<string, string> = {};
  for (const c of containers(workload)) {
    for (const mount of (c.volumeMounts ?? []) as Obj[]) {
      const volume = (pod.volumes as Obj[]).find((v) => v.name === mount.name);
      if (!volume?.configMap || mount.subPath === undefined) continue;
      const configMap = byName(run.byType(K8S.configMap), volume.configMap.name);
      files[mount.mountPath] = inputs(configMap).data[mount.subPath];
    }
  }
  return files;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
