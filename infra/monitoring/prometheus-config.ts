import path from 'node:path';
import type { StackConfig } from '../config';
import type { ScrapeJob } from './scrape-jobs';
import { CONTAINER_PORTS, PATHS, SERVICE_HOSTS, hostPort } from '../services/topology';
import { ALERT_PROFILES } from './alert-profile';
import { toYaml } from './yaml-text';

/** The alerting flags of the Prometheus server (every platform, and the drills' local Prometheus). */
export function prometheusAlertingArgs(config: Pick<StackConfig, 'alertProfile'>): string[] {
  return [`--rules.alert.resend-delay=${ALERT_PROFILES[config.alertProfile].resendDelay}`];
}

/** The Prometheus server's arguments in the stack's containers (both platforms). */
export function prometheusServerArgs(
  config: Pick<StackConfig, 'alertProfile' | 'retention'>,
  dataDir: string,
  port: number,
): string[] {
  return [
    `--config.file=${PATHS.prometheusConfig}`,
    `--storage.tsdb.path=${dataDir}`,
    `--storage.tsdb.retention.time=${config.retention.prometheusTime}`,
    `--storage.tsdb.retention.size=${config.retention.prometheusSize}`,
    `--web.listen-address=:${port}`,
    ...prometheusAlertingArgs(config),
  ];
}

export interface PrometheusWiring {
  readonly jobs: readonly ScrapeJob[];
  readonly ruleFiles: readonly string[];
  /** host:port of each Alertmanager; the stack's own by default. */
  readonly alertmanagers?: readonly string[];
}

export function renderPrometheusConfig(
  config: Pick<StackConfig, 'stack' | 'scrapeInterval' | 'evaluationInterval'>,
  {
    jobs,
    ruleFiles,
    alertmanagers = [hostPort(SERVICE_HOSTS.alertmanager, CONTAINER_PORTS.alertmanager)],
  }: PrometheusWiring,
): string {
  return toYaml({
    global: {
      scrape_interval: config.scrapeInterval,
      evaluation_interval: config.evaluationInterval,
      external_labels: { stack: config.stack },
    },
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [...alertmanagers] }] }],
    },
    // Relative to prometheus.yml, so promtool checks the same file in any folder with this layout.
    rule_files: ruleFiles.map(
      (f) => `${path.posix.relative(path.posix.dirname(PATHS.prometheusConfig), PATHS.prometheusRules)}/${f}`,
    ),
    scrape_configs: jobs.map((job) => ({
      job_name: job.name,
      ...(job.metricsPath ? { metrics_path: job.metricsPath } : {}),
      ...(job.dns
        ? {
            dns_sd_configs: [{ names: [job.dns.name], type: 'A', port: job.dns.port }],
            // DNS discovery has no static labels: the service label is set by relabelling.
            relabel_configs: [{ target_label: 'service', replacement: job.service }],
          }
        : { static_configs: [{ targets: [...job.targets], labels: { service: job.service } }] }),
    })),
  });
}
