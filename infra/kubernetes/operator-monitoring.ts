import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import { renderDashboards } from '../monitoring/dashboards';
import { ruleGroups } from '../monitoring/rules';
import { scrapeJobs } from '../monitoring/scrape-jobs';
import { objectMeta, selectorLabels, serviceLabels } from './workload';
import { KUBERNETES_LABELS } from '../../contracts/services';

export interface OperatorMonitoringArgs {
  readonly config: StackConfig;
  readonly kubernetes: KubernetesConfig;
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
}

/** The monitoring.coreos.com/v1 objects, as the Prometheus Operator's CRDs name them. */
export const PROMETHEUS_RULE = 'kubernetes:monitoring.coreos.com/v1:PrometheusRule';
export const SERVICE_MONITOR = 'kubernetes:monitoring.coreos.com/v1:ServiceMonitor';

/**
 * Monitoring on a cluster that runs the Prometheus Operator: the stack's rule groups (the same
 * model the rule file is rendered from) as a PrometheusRule, ServiceMonitors for the app's pods
 * and MinIO with the same job and service labels the rendered prometheus.yml gives, and the
 * Grafana dashboards in a ConfigMap for the Grafana sidecar. The cluster's Prometheus and
 * Alertmanager do the rest; nothing of the stack's own monitoring servers is deployed.
 */
export class OperatorMonitoring extends pulumi.ComponentResource {
  readonly rules: k8s.apiextensions.CustomResource;
  readonly serviceMonitors: k8s.apiextensions.CustomResource[];
  readonly dashboards: k8s.core.v1.ConfigMap | undefined;
  readonly prometheusUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: OperatorMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:kubernetes:OperatorMonitoring', name, {}, opts);
    const { config, kubernetes, namespace, provider } = args;
    const child = { parent: this, provider };
    const operator = kubernetes.prometheusOperator;
    // The labels the cluster's Prometheus selects rules and monitors by (its ruleSelector, serviceMonitorSelector).
    const labels = (service: 'app' | 'minio' | 'prometheus') => ({
      ...serviceLabels(config.stack, service),
      ...operator.labels,
    });

    this.rules = new k8s.apiextensions.CustomResource(
      `${name}-rules`,
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: objectMeta('datahub', namespace, labels('prometheus')),
        spec: { groups: ruleGroups(config) },
      },
      child,
    );

    // The jobs the rendered prometheus.yml has for the app and MinIO: the same names, paths and service labels.
    const jobs = new Map(scrapeJobs(config).map((job) => [job.name, job]));
    const monitor = (service: 'app' | 'minio', port: string, selector: Record<string, string>) => {
      const job = jobs.get(service)!;
      return new k8s.apiextensions.CustomResource(
        `${name}-${service}-monitor`,
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: objectMeta(service, namespace, labels(service)),
          spec: {
            // job="app" / job="minio", as the rules expect: the Service's name label, not its name.
            jobLabel: KUBERNETES_LABELS.name,
            selector: { matchLabels: selector },
            namespaceSelector: { matchNames: [namespace] },
            endpoints: [
              {
                port,
                path: job.metricsPath ?? '/metrics',
                interval: config.scrapeInterval,
                relabelings: [{ targetLabel: 'service', replacement: job.service }],
              },
            ],
          },
        },
        child,
      );
    };
    this.serviceMonitors = [
      // The headless Service: every pod, ready or not, is a target.
      monitor('app', 'http', { ...selectorLabels('app'), [KUBERNETES_LABELS.component]: 'metrics' }),
      monitor('minio', 'api', selectorLabels('minio')),
    ];

    this.dashboards = config.grafana.enabled
      ? new k8s.core.v1.ConfigMap(
          `${name}-dashboards`,
          {
            // grafana_dashboard: "1" is what the Grafana sidecar (kube-prometheus-stack) loads dashboards by.
            metadata: objectMeta('datahub-dashboards', namespace, {
              ...serviceLabels(config.stack, 'grafana'),
              grafana_dashboard: '1',
            }),
            data: renderDashboards(),
          },
          child,
        )
      : undefined;

    this.prometheusUrl = pulumi.output(operator.prometheusUrl ?? '');
    this.alertmanagerUrl = pulumi.output(operator.alertmanagerUrl ?? '');
    this.grafanaUrl = pulumi.output(undefined);
    this.registerOutputs({ prometheusUrl: this.prometheusUrl, alertmanagerUrl: this.alertmanagerUrl });
  }
}
