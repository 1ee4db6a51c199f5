/** The prod stack (Pulumi.prod.yaml: the Kubernetes platform) under Pulumi mocks. */
import { parse } from 'yaml';
import { isPinnedByDigest, parseStackConfig, type StackConfig } from '../../../infra/config';
import { APP_PODS_SERVICE } from '../../../infra/kubernetes/app-service';
import { renderMonitoringFiles, type MonitoringFiles } from '../../../infra/monitoring/render';
import { SERVICE_HOSTS } from '../../../infra/services/topology';
import { runProgram, stackConfig, type ProgramRun } from '../../support/pulumi-program';
import {
  K8S,
  byName,
  containers,
  expectProbesAndLimits,
  expectRestricted,
  expectValidManifests,
  inputs,
  mountedFiles,
  objectNames,
  PROD_STORAGE_AND_APP_OBJECTS,
  podSpec,
  workloads,
} from './kubernetes-expectations';
import { allStrings } from './program-expectations';

let run: ProgramRun;
let config: StackConfig;
beforeAll(async () => {
  config = parseStackConfig('prod', stackConfig('prod'));
  run = await runProgram('prod');
}, 30_000);

const flat = (files: MonitoringFiles) => ({ ...files.prometheus, ...files.alertmanager, ...files.grafana });
const PROMETHEUS_YML = '/etc/prometheus/prometheus.yml';

describe('the prod stack on Kubernetes under Pulumi mocks', () => {
  it('declares the namespace, MinIO, the app and the monitoring stack, and nothing of Docker but the app image', () => {
    expect(config.platform).toBe('kubernetes');
    expect(objectNames(run)).toEqual(
      [
        ...PROD_STORAGE_AND_APP_OBJECTS,
        'Ingress/app',
        'ConfigMap/prometheus-files',
        'PersistentVolumeClaim/prometheus-data',
        'StatefulSet/prometheus',
        'Service/prometheus',
        'ConfigMap/alertmanager-files',
        'PersistentVolumeClaim/alertmanager-data',
        'StatefulSet/alertmanager',
        'Service/alertmanager',
        'ConfigMap/grafana-files',
        'PersistentVolumeClaim/grafana-data',
        'StatefulSet/grafana',
        'Service/grafana',
        'Secret/grafana-admin',
      ].sort(),
    );
    expect(run.resources.filter((r) => r.type.startsWith('docker:')).map((r) => r.name)).toEqual(['app-image']);
    const components = run.resources.filter((r) => !r.custom && r.type.startsWith('datahub:')).map((r) => r.type);
    expect(components.sort()).toEqual([
      'datahub:index:Credentials',
      'datahub:kubernetes:AppService',
      'datahub:kubernetes:Monitoring',
      'datahub:kubernetes:ObjectStore',
    ]);
    for (const r of run.resources.filter((r) => r.type.startsWith('kubernetes:') && r.name !== 'namespace')) {
      expect({ name: r.name, namespace: inputs(r).metadata.namespace }).toEqual({
        name: r.name,
        namespace: 'datahub-prod',
      });
    }
  });

  it('turns every object into a manifest that validates against the pinned Kubernetes OpenAPI schema', () => {
    expectValidManifests(run);
  });

  it('runs every pod under the restricted security profile, with probes, requests and limits', () => {
    expect(workloads(run)).toHaveLength(5);
    for (const w of workloads(run)) {
      expectRestricted(w);
      expectProbesAndLimits(w);
    }
    expect(inputs(run.one(K8S.namespace, 'namespace')).metadata.labels['pod-security.kubernetes.io/enforce']).toBe(
      'restricted',
    );
  });

  it('sizes requests and limits from the stack config', () => {
    const app = containers(run.one(K8S.deployment, 'app-deployment'))[0]!;
    expect(app.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
    const minio = containers(run.one(K8S.statefulSet, 'object-store-minio'))[0]!;
    expect(minio.resources.limits).toEqual({ cpu: '2', memory: '2048Mi' });
  });

  it('runs the app as 3 replicas that roll without losing capacity, probed on /health/ready and /health/live', () => {
    const deployment = inputs(run.one(K8S.deployment, 'app-deployment'));
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    const app = deployment.spec.template.spec.containers[0];
    expect(app.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(app.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(25);
    const pdb = inputs(run.one(K8S.pdb, 'app-pdb'));
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
    expect(run.byType(K8S.hpa)).toEqual([]);
  });

  it('builds the app image, pushes it to the stack registry and runs it by digest', () => {
    const image = run.one('docker:index/image:Image', 'app-image').inputs as {
      imageName: string;
      skipPush?: boolean;
      build: { args: Record<string, string> };
    };
    expect(image.imageName).toMatch(/^registry\.example\.com\/datahub\/datahub-app:[a-f0-9]{16}$/);
    expect(image.skipPush).not.toBe(true);
    expect(isPinnedByDigest(image.build.args.BASE_IMAGE!)).toBe(true);
    const app = containers(run.one(K8S.deployment, 'app-deployment'))[0]!;
    expect(app.image).toMatch(/^registry\.example\.com\/datahub\/datahub-app@sha256:[a-f0-9]{64}$/);
    expect(run.outputs.appImageDigest).toBe(app.image);
  });

  it('pins every image it runs by digest', () => {
    const images = workloads(run).flatMap((w) => containers(w).map((c) => String(c.image)));
    expect(images).toHaveLength(5);
    for (const image of images) expect({ image, pinned: isPinnedByDigest(image) }).toEqual({ image, pinned: true });
  });

  it('keeps MinIO in a StatefulSet on a protected claim of the configured size, with health probes', () => {
    const minio = inputs(run.one(K8S.statefulSet, 'object-store-minio'));
    const claim = run.one(K8S.claim, 'object-store-data');
    expect(minio.spec.replicas).toBe(1);
    expect(minio.spec.template.spec.volumes[0]).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'minio-data' },
    });
    expect(inputs(claim).spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '200Gi' } },
    });
    const container = minio.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/minio/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/minio/health/live');
    expect(
      container.env.filter((e: { valueFrom?: unknown }) => e.valueFrom).map((e: { name: string }) => e.name),
    ).toEqual(['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD']);
  });

  it('protects every claim, and the namespace that holds them, and retains them on delete', () => {
    const guarded = [...run.byType(K8S.claim), run.one(K8S.namespace, 'namespace')];
    expect(guarded).toHaveLength(5);
    for (const r of guarded) {
      expect({ name: r.name, protect: r.protect, retainOnDelete: r.retainOnDelete }).toEqual({
        name: r.name,
        protect: true,
        retainOnDelete: true,
      });
    }
  });

  it('keeps credentials in Secrets as secret inputs, and nowhere else', () => {
    for (const secret of run.byType(K8S.secret)) expect(secret.secretInputs).toEqual(new Set(['stringData']));
    const values = [run.outputs.minioRootUser, run.outputs.minioRootPassword, run.outputs.grafanaAdminPassword].map(
      String,
    );
    for (const r of run.resources.filter((r) => r.type !== K8S.secret && !r.type.startsWith('random:'))) {
      const leaks = allStrings(r.inputs).filter((s) => values.some((v) => s.includes(v)));
      expect({ resource: r.name, leaks }).toEqual({ resource: r.name, leaks: [] });
    }
    expect([...run.secretOutputs].sort()).toEqual(['grafanaAdminPassword', 'minioRootPassword', 'minioRootUser']);
  });

  it('names each Service as the Docker network alias, so the rendered targets resolve', () => {
    const services = run.byType(K8S.service).map((s) => inputs(s).metadata.name as string);
    expect(services.sort()).toEqual([...Object.values(SERVICE_HOSTS), APP_PODS_SERVICE].sort());
    const prometheus = parse(mountedFiles(run, run.one(K8S.statefulSet, 'monitoring-prometheus'))[PROMETHEUS_YML]!) as {
      scrape_configs: { static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[] }[] }[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    };
    const hosts = [
      ...prometheus.scrape_configs.flatMap((j) => (j.static_configs ?? []).flatMap((s) => s.targets)),
      ...prometheus.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((s) => s.targets)),
    ].map((t) => t.split(':')[0]!);
    const dnsNames = prometheus.scrape_configs.flatMap((j) => (j.dns_sd_configs ?? []).flatMap((d) => d.names));
    expect(dnsNames).toEqual([APP_PODS_SERVICE]);
    for (const host of [...hosts.filter((h) => h !== 'localhost'), ...dnsNames]) expect(services).toContain(host);
    const pods = inputs(byName(run.byType(K8S.service), APP_PODS_SERVICE)).spec;
    expect(pods).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
  });

  it('mounts the rendered monitoring files at the paths the Docker platform uploads them to', () => {
    const mounted = Object.assign(
      {},
      ...['monitoring-prometheus', 'monitoring-alertmanager', 'monitoring-grafana'].map((name) =>
        mountedFiles(run, run.one(K8S.statefulSet, name)),
      ),
    ) as Record<string, string>;
    expect(mounted).toEqual(flat(renderMonitoringFiles(config, { appReplicasDnsName: APP_PODS_SERVICE })));
  });

  it('mounts byte for byte what the Docker platform mounts (the prod Docker profile), but for the app job', () => {
    const docker = flat(
      renderMonitoringFiles(parseStackConfig('prod', stackConfig('examples/Pulumi.prod-docker.yaml'))),
    );
    const mounted = Object.assign(
      {},
      ...['monitoring-prometheus', 'monitoring-alertmanager', 'monitoring-grafana'].map((name) =>
        mountedFiles(run, run.one(K8S.statefulSet, name)),
      ),
    ) as Record<string, string>;
    expect(Object.keys(mounted).sort()).toEqual(Object.keys(docker).sort());
    for (const path of Object.keys(docker).filter((p) => p !== PROMETHEUS_YML)) {
      expect({ path, identical: Buffer.from(mounted[path]!).equals(Buffer.from(docker[path]!)) }).toEqual({
        path,
        identical: true,
      });
    }
    // prometheus.yml: the one difference is how the app's replicas are found (a headless Service, not one alias).
    const withoutApp = (text: string) => {
      const parsed = parse(text) as { scrape_configs: { job_name: string }[] };
      return { ...parsed, scrape_configs: parsed.scrape_configs.filter((j) => j.job_name !== 'app') };
    };
    expect(withoutApp(mounted[PROMETHEUS_YML]!)).toEqual(withoutApp(docker[PROMETHEUS_YML]!));
  });

  it('rolls the monitoring pods when a rendered file changes', () => {
    for (const name of ['monitoring-prometheus', 'monitoring-alertmanager', 'monitoring-grafana']) {
      const template = inputs(run.one(K8S.statefulSet, name)).spec.template;
      expect(template.metadata.annotations['checksum/files']).toMatch(/^[a-f0-9]{64}$/);
      expect(podSpec(run.one(K8S.statefulSet, name)).volumes[0].configMap).toBeDefined();
    }
  });

  it('serves the app on the ingress host over TLS and names every endpoint in the outputs', () => {
    const ingress = inputs(run.one(K8S.ingress, 'app-ingress')).spec;
    expect(ingress).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['datahub.example.com'], secretName: 'datahub-tls' }],
      rules: [
        {
          host: 'datahub.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port: { name: 'http' } } } }],
          },
        },
      ],
    });
    expect(run.outputs).toMatchObject({
      appUrl: 'https://datahub.example.com',
      minioApiUrl: 'http://minio.datahub-prod.svc:9000',
      minioConsoleUrl: 'http://minio.datahub-prod.svc:9001',
      prometheusUrl: 'http://prometheus.datahub-prod.svc:9090',
      alertmanagerUrl: 'http://alertmanager.datahub-prod.svc:9093',
      grafanaUrl: 'http://grafana.datahub-prod.svc:3000',
      grafanaAdminUser: 'datahub-admin',
    });
  });
});
