import type { StackConfig } from '../config';
import { alertProfile } from './alert-profile';
import { appAlerts, selfAlerts, storageAlerts } from './alerts';
import { recordingRules } from './recording-rules';
import { isAlert, type AlertRule, type RecordingRule, type RuleGroup } from './rule-types';

/** The runbook section of an alert: docs/runbooks.md has a `## <AlertName>` heading per alert. */
export const runbookAnchor = (alert: string) => alert.toLowerCase();

/** Adds `runbook_url` to every alert in one place, from the alert name (kubernetes-mixin's add-runbook-links). */
export function withRunbookLinks(group: RuleGroup, baseUrl: string): RuleGroup {
  return {
    ...group,
    rules: group.rules.map((rule) =>
      isAlert(rule)
        ? { ...rule, annotations: { ...rule.annotations, runbook_url: `${baseUrl}#${runbookAnchor(rule.alert)}` } }
        : rule,
    ),
  };
}

/** Every rule group of a stack: recording rules first, then one alert group per domain. Pure. */
export function ruleGroups(config: Pick<StackConfig, 'alertProfile' | 'alerting'>): RuleGroup[] {
  const profile = alertProfile(config);
  const groups: RuleGroup[] = [
    recordingRules(profile),
    appAlerts(profile),
    storageAlerts(profile),
    selfAlerts(profile),
  ];
  return groups.map((g) => withRunbookLinks(g, config.alerting.runbookBaseUrl));
}

export function allAlerts(config: Pick<StackConfig, 'alertProfile' | 'alerting'>): AlertRule[] {
  return ruleGroups(config).flatMap((g) => g.rules.filter(isAlert));
}

export type { AlertRule, RecordingRule, RuleGroup };
