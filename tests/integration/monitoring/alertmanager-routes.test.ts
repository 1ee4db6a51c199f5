import path from 'node:path';
import { parseStackConfig } from '../../../infra/config';
import { RECEIVERS, renderMonitoringFiles } from '../../../infra/monitoring';
import { materialize, promTool, runTool } from '../../support/prom-tools';
import { stackConfig } from '../../support/pulumi-program';

const withEverything = {
  'datahub:alerting': JSON.stringify({
    webhookUrl: 'http://127.0.0.1:5001/alerts',
    heartbeatUrl: 'http://127.0.0.1:5001/heartbeat',
    slackChannel: '#datahub-alerts',
    emailTo: 'oncall@example.com',
    emailFrom: 'alertmanager@example.com',
    smtpSmarthost: 'smtp.example.com:587',
    smtpUsername: 'alertmanager',
  }),
  'datahub:slackWebhookUrl': 'https://hooks.slack.example/T000/B000/XXXX',
  'datahub:smtpPassword': 'an-smtp-password',
};
const secretKeys = new Set(['datahub:slackWebhookUrl', 'datahub:smtpPassword']);

describe.each([
  ['dev', {}],
  ['prod', {}],
  ['dev with webhook, Slack and email', withEverything],
])('alertmanager.yml of %s', (label, overrides) => {
  const stack = label.split(' ')[0]!;
  const config = parseStackConfig(stack, { ...stackConfig(stack), ...overrides }, secretKeys);
  const root = materialize(renderMonitoringFiles(config).alertmanager);
  const file = path.join(root, 'etc/alertmanager/alertmanager.yml');

  it('passes amtool check-config', async () => {
    const result = await runTool(promTool('amtool'), ['check-config', file]);
    expect(result.output).toContain('SUCCESS');
    expect(result.output).toContain('1 inhibit rules');
    expect(result.code).toBe(0);
  });

  it.each([
    [['alertname=Watchdog', 'severity=warning', 'service=monitoring'], RECEIVERS.heartbeat],
    [['alertname=MinIODown', 'severity=critical', 'service=minio'], RECEIVERS.critical],
    [['alertname=AppTargetDown', 'severity=critical', 'service=app'], RECEIVERS.critical],
    [['alertname=AlertmanagerNotificationsFailing', 'severity=critical', 'service=alertmanager'], RECEIVERS.critical],
    [['alertname=MinIOS3Errors', 'severity=warning', 'service=minio'], RECEIVERS.storage],
    [['alertname=AppHighLatency', 'severity=warning', 'service=app'], RECEIVERS.app],
    [['alertname=PrometheusConfigReloadFailed', 'severity=warning', 'service=prometheus'], RECEIVERS.monitoring],
    [['alertname=ScrapeTargetDown', 'severity=warning', 'service=grafana'], RECEIVERS.default],
  ])('routes %j to %s', async (labels, receiver) => {
    const result = await runTool(promTool('amtool'), [
      'config',
      'routes',
      'test',
      `--config.file=${file}`,
      `--verify.receivers=${receiver}`,
      ...labels,
    ]);
    expect(result.stdout.trim()).toBe(receiver);
    expect(result.code).toBe(0);
  });

  it('amtool notices a wrong receiver (the route test is not a no-op)', async () => {
    const result = await runTool(promTool('amtool'), [
      'config',
      'routes',
      'test',
      `--config.file=${file}`,
      `--verify.receivers=${RECEIVERS.app}`,
      'alertname=MinIODown',
      'severity=critical',
      'service=minio',
    ]);
    expect(result.code).not.toBe(0);
  });
});
