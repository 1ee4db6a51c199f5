import type { StackConfig } from '../config';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { readonly severity: 'warning' | 'critical' | 'none'; readonly [key: string]: string };
  readonly annotations: { readonly summary: string; readonly description: string; readonly [key: string]: string };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (AlertRule | RecordingRule)[];
}

/**
 * The rule groups of a stack. The monitoring issue fills in the app and storage domains; the
 * dead man's switch is here from the start so the alerting path is always exercised.
 */
export function ruleGroups(_config: Pick<StackConfig, 'alertProfile'>): RuleGroup[] {
  return [
    {
      name: 'datahub.self',
      rules: [
        {
          alert: 'Watchdog',
          expr: 'vector(1)',
          labels: { severity: 'none', service: 'monitoring' },
          annotations: {
            summary: 'Always firing: proves the alerting pipeline end to end.',
            description:
              'This alert fires all the time. If the heartbeat receiver stops getting it, alerting is broken.',
          },
        },
      ],
    },
  ];
}
