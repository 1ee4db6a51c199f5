import type { StackConfig } from '../config';
import { renderAlertmanagerConfig } from './alertmanager-config';
import { renderDashboards } from './dashboards';
import { renderGrafanaDashboardProvider, renderGrafanaDatasources } from './grafana-provisioning';
import { renderPrometheusConfig } from './prometheus-config';
import { ruleGroups } from './rules';
import { scrapeJobs } from './scrape-jobs';
import { PATHS, type ScrapeTopology } from '../services/topology';
import { toYaml } from './yaml-text';

/** Container path → file content. */
export type FileSet = Readonly<Record<string, string>>;

export interface MonitoringFiles {
  readonly prometheus: FileSet;
  readonly alertmanager: FileSet;
  readonly grafana: FileSet;
}

export const RULE_FILE = 'datahub.rules.yml';

/**
 * Every monitoring file a stack mounts, rendered from its config. Pure; both platforms mount
 * these bytes. The topology changes only how prometheus.yml finds the app's replicas.
 */
export function renderMonitoringFiles(config: StackConfig, topology: ScrapeTopology = {}): MonitoringFiles {
  return {
    prometheus: {
      [PATHS.prometheusConfig]: renderPrometheusConfig(config, {
        jobs: scrapeJobs(config, topology),
        ruleFiles: [RULE_FILE],
      }),
      [`${PATHS.prometheusRules}/${RULE_FILE}`]: toYaml({ groups: ruleGroups(config) }),
    },
    alertmanager: { [PATHS.alertmanagerConfig]: renderAlertmanagerConfig(config) },
    grafana: {
      [`${PATHS.grafanaProvisioning}/datasources/datahub.yml`]: renderGrafanaDatasources(),
      [`${PATHS.grafanaProvisioning}/dashboards/datahub.yml`]: renderGrafanaDashboardProvider(),
      ...Object.fromEntries(
        Object.entries(renderDashboards()).map(([file, json]) => [`${PATHS.grafanaDashboards}/${file}`, json]),
      ),
    },
  };
}
