/**
 * A Kubernetes stack on a cluster that runs the Prometheus Operator, with the autoscaler on, no
 * ingress, and the app image pinned as a rollback pins it.
 */
import { parse } from 'yaml';
import { parseStackConfig, type StackConfig } from '../../../infra/config';
import { renderDashboards } from '../../../infra/monitoring/dashboards';
import { renderMonitoringFiles } from '../../../infra/monitoring/render';
import { ruleGroups } from '../../../infra/monitoring/rules';
import { runProgram, stackConfig, type ProgramRun } from '../../support/pulumi-program';
import {
  K8S,
  byName,
  containers,
  expectProbesAndLimits,
  expectRestricted,
  expectValidManifests,
  inputs,
  objectNames,
  PROD_STORAGE_AND_APP_OBJECTS,
  workloads,
} from './kubernetes-expectations';

const pinned = `registry.example.com/datahub/datahub-app@sha256:${'d'.repeat(64)}`;
const prod = JSON.parse(stackConfig('prod')['datahub:kubernetes']!) as Record<string, unknown>;
const overrides = {
  'datahub:kubernetes': {
    ...prod,
    ingress: { enabled: false },
    hpa: { enabled: true, minReplicas: 3, maxReplicas: 10, cpuUtilization: 60 },
    prometheusOperator: {
      enabled: true,
      labels: { release: 'kube-prometheus-stack' },
      prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
      alertmanagerUrl: 'http://alertmanager-operated.monitoring.svc:9093',
    },
  },
  'datahub:appImage': pinned,
};

let run: ProgramRun;
let config: StackConfig;
beforeAll(async () => {
  config = parseStackConfig('prod', stackConfig('prod', overrides));
  run = await runProgram('prod', { overrides });
}, 30_000);

describe('a Kubernetes stack in Prometheus Operator mode, autoscaled, with a pinned app image', () => {
  it('declares a PrometheusRule and ServiceMonitors instead of its own monitoring servers', () => {
    expect(objectNames(run)).toEqual(
      [
        ...PROD_STORAGE_AND_APP_OBJECTS,
        'HorizontalPodAutoscaler/app',
        'PrometheusRule/datahub',
        'ServiceMonitor/app',
        'ServiceMonitor/minio',
        'ConfigMap/datahub-dashboards',
      ].sort(),
    );
  });

  it('turns every object, custom resources included, into a manifest that validates against its schema', () => {
    expectValidManifests(run);
  });

  it('still runs every pod restricted, probed and limited', () => {
    for (const w of workloads(run)) {
      expectRestricted(w);
      expectProbesAndLimits(w);
    }
  });

  it('carries the rule groups of the rendered rule file, labelled for the cluster Prometheus', () => {
    const rule = inputs(run.one(K8S.prometheusRule, 'monitoring-rules'));
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(rule.spec.groups).toEqual(ruleGroups(config));
    const ruleFile = renderMonitoringFiles(config).prometheus['/etc/prometheus/rules/datahub.rules.yml']!;
    expect(rule.spec.groups).toEqual((parse(ruleFile) as { groups: unknown }).groups);
  });

  it('monitors every app pod and MinIO with the job and service labels the rules expect', () => {
    const monitors = run.byType(K8S.serviceMonitor).map(inputs);
    for (const m of monitors) {
      expect(m.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
      expect(m.spec.jobLabel).toBe('app.kubernetes.io/name');
      expect(m.spec.namespaceSelector).toEqual({ matchNames: ['datahub-prod'] });
    }
    const app = inputs(run.one(K8S.serviceMonitor, 'monitoring-app-monitor'));
    const minio = inputs(run.one(K8S.serviceMonitor, 'monitoring-minio-monitor'));
    expect(app.spec.endpoints).toEqual([
      {
        port: 'http',
        path: '/metrics',
        interval: '15s',
        relabelings: [{ targetLabel: 'service', replacement: 'app' }],
      },
    ]);
    expect(minio.spec.endpoints).toEqual([
      {
        port: 'api',
        path: '/minio/v2/metrics/cluster',
        interval: '15s',
        relabelings: [{ targetLabel: 'service', replacement: 'minio' }],
      },
    ]);
    // Each monitor selects exactly one Service: the app's headless one (every pod), and MinIO's.
    const selects = (selector: Record<string, string>) =>
      run
        .byType(K8S.service)
        .map(inputs)
        .filter((s) => Object.entries(selector).every(([k, v]) => s.metadata.labels[k] === v))
        .map((s) => s.metadata.name);
    expect(selects(app.spec.selector.matchLabels)).toEqual(['app-pods']);
    expect(selects(minio.spec.selector.matchLabels)).toEqual(['minio']);
    expect(
      byName(run.byType(K8S.service), 'app-pods').inputs.metadata as { labels: Record<string, string> },
    ).toMatchObject({ labels: { 'app.kubernetes.io/name': 'app' } });
  });

  it('hands the replica count to the autoscaler', () => {
    const deployment = inputs(run.one(K8S.deployment, 'app-deployment'));
    expect(deployment.spec.replicas).toBeUndefined();
    expect(inputs(run.one(K8S.hpa, 'app-hpa')).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
    });
  });

  it('runs the pinned image and builds nothing', () => {
    expect(run.resources.filter((r) => r.type === 'docker:index/image:Image')).toEqual([]);
    expect(containers(run.one(K8S.deployment, 'app-deployment'))[0]!.image).toBe(pinned);
    expect(run.outputs.appImageDigest).toBe(pinned);
  });

  it('ships the Grafana dashboards for the Grafana sidecar', () => {
    const dashboards = inputs(run.one(K8S.configMap, 'monitoring-dashboards'));
    expect(dashboards.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(dashboards.data).toEqual(renderDashboards());
  });

  it("outputs the cluster's Prometheus and Alertmanager, and the app's in-cluster URL", () => {
    expect(run.outputs).toMatchObject({
      appUrl: 'http://app.datahub-prod.svc:8080',
      prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
      alertmanagerUrl: 'http://alertmanager-operated.monitoring.svc:9093',
    });
    expect(run.outputs.grafanaUrl).toBeUndefined();
  });
});
