import type { StackConfig } from '../config';
import { PATHS } from '../services/topology';
import { toYaml } from './yaml-text';

/** Receivers by audience; each is pointed at the configured webhook, Slack and email. */
export const RECEIVERS = {
  default: 'default',
  heartbeat: 'heartbeat',
  critical: 'oncall-critical',
  storage: 'team-storage',
  app: 'team-app',
  monitoring: 'team-monitoring',
} as const;

/** Files holding secrets, mounted next to alertmanager.yml (Docker uploads, Kubernetes Secret). */
export const ALERTMANAGER_SECRET_FILES = {
  slackWebhookUrl: `${PATHS.alertmanagerSecrets}/slack-webhook-url`,
  smtpPassword: `${PATHS.alertmanagerSecrets}/smtp-password`,
} as const;

type AlertingConfig = Pick<StackConfig, 'alerting' | 'alertProfile' | 'secrets'>;

function notifiers(config: AlertingConfig, sendResolved: boolean): Record<string, unknown> {
  const a = config.alerting;
  return {
    ...(a.webhookUrl ? { webhook_configs: [{ url: a.webhookUrl, send_resolved: sendResolved }] } : {}),
    ...(a.slackChannel && config.secrets.slackWebhookUrl
      ? {
          slack_configs: [
            {
              channel: a.slackChannel,
              send_resolved: sendResolved,
              title: '{{ .CommonLabels.alertname }} ({{ .Status }})',
              text: '{{ range .Alerts }}{{ .Annotations.summary }} {{ .Annotations.runbook_url }}\n{{ end }}',
            },
          ],
        }
      : {}),
    ...(a.emailTo ? { email_configs: [{ to: a.emailTo, send_resolved: sendResolved }] } : {}),
  };
}

/**
 * alertmanager.yml: routes by severity, then by service; Watchdog to the heartbeat receiver;
 * critical inhibits warnings of the same service. Secrets are referenced as files, never inlined.
 */
export function renderAlertmanagerConfig(config: AlertingConfig): string {
  const quick = config.alertProfile === 'dev';
  const a = config.alerting;
  const global: Record<string, unknown> = { resolve_timeout: quick ? '1m' : '5m' };
  if (a.slackChannel && config.secrets.slackWebhookUrl)
    global.slack_api_url_file = ALERTMANAGER_SECRET_FILES.slackWebhookUrl;
  if (a.emailTo && a.emailFrom && a.smtpSmarthost) {
    global.smtp_from = a.emailFrom;
    global.smtp_smarthost = a.smtpSmarthost;
    if (a.smtpUsername) {
      global.smtp_auth_username = a.smtpUsername;
      global.smtp_auth_password_file = ALERTMANAGER_SECRET_FILES.smtpPassword;
    }
  }
  return toYaml({
    global,
    route: {
      receiver: RECEIVERS.default,
      group_by: ['alertname', 'service'],
      group_wait: quick ? '5s' : '30s',
      group_interval: quick ? '30s' : '5m',
      repeat_interval: quick ? '1h' : '4h',
      routes: [
        {
          receiver: RECEIVERS.heartbeat,
          matchers: ['alertname="Watchdog"'],
          group_wait: '0s',
          group_interval: quick ? '30s' : '1m',
          repeat_interval: quick ? '1m' : '5m',
        },
        { receiver: RECEIVERS.critical, matchers: ['severity="critical"'], repeat_interval: quick ? '30m' : '1h' },
        { receiver: RECEIVERS.storage, matchers: ['service="minio"'] },
        { receiver: RECEIVERS.app, matchers: ['service="app"'] },
        { receiver: RECEIVERS.monitoring, matchers: ['service=~"prometheus|alertmanager|monitoring"'] },
      ],
    },
    inhibit_rules: [
      {
        // A critical alert silences the warnings of the same service (MinIODown silences MinIOS3Errors),
        // never the Watchdog, whose silence would look like broken alerting.
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"', 'alertname!="Watchdog"'],
        equal: ['service'],
      },
    ],
    receivers: [
      { name: RECEIVERS.default, ...notifiers(config, true) },
      {
        name: RECEIVERS.heartbeat,
        ...(a.heartbeatUrl ? { webhook_configs: [{ url: a.heartbeatUrl, send_resolved: false }] } : {}),
      },
      { name: RECEIVERS.critical, ...notifiers(config, true) },
      { name: RECEIVERS.storage, ...notifiers(config, true) },
      { name: RECEIVERS.app, ...notifiers(config, true) },
      { name: RECEIVERS.monitoring, ...notifiers(config, true) },
    ],
  });
}
