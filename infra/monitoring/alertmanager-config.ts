import type { StackConfig } from '../config';
import { toYaml } from './yaml-text';

export const RECEIVERS = { default: 'default', heartbeat: 'heartbeat' } as const;

/** alertmanager.yml for a stack. The monitoring issue adds severity routes, Slack, email and inhibition. */
export function renderAlertmanagerConfig(config: Pick<StackConfig, 'alerting' | 'alertProfile'>): string {
  const quick = config.alertProfile === 'dev';
  const webhook = config.alerting.webhookUrl;
  return toYaml({
    route: {
      receiver: RECEIVERS.default,
      group_by: ['alertname', 'service'],
      group_wait: quick ? '5s' : '30s',
      group_interval: quick ? '30s' : '5m',
      repeat_interval: quick ? '1h' : '4h',
      routes: [{ receiver: RECEIVERS.heartbeat, matchers: ['alertname="Watchdog"'], repeat_interval: '1m' }],
    },
    receivers: [
      { name: RECEIVERS.default, ...(webhook ? { webhook_configs: [{ url: webhook, send_resolved: true }] } : {}) },
      { name: RECEIVERS.heartbeat },
    ],
  });
}
