export type Severity = 'warning' | 'critical';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  /** `service` is omitted only where the series' own `service` label must pass through. */
  readonly labels: { readonly severity: Severity; readonly service?: string };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url?: string };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface RuleGroup<R = AlertRule | RecordingRule> {
  readonly name: string;
  readonly rules: readonly R[];
}

export const isAlert = (rule: AlertRule | RecordingRule): rule is AlertRule => 'alert' in rule;
