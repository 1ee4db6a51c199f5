import { parse } from 'yaml';
import { parseStackConfig } from '../../../infra/config';
import {
  RULE_FILE,
  prometheusAlertingArgs,
  prometheusServerArgs,
  renderMonitoringFiles,
  renderPrometheusConfig,
  scrapeJobs,
} from '../../../infra/monitoring';
import { stackConfig } from '../../support/pulumi-program';

const dev = parseStackConfig('dev', stackConfig('dev'));
const prod = parseStackConfig('prod', stackConfig('prod'));

describe('rendered monitoring files', () => {
  it('place every file at the path the containers read', () => {
    const files = renderMonitoringFiles(dev);
    expect(Object.keys(files.prometheus).sort()).toEqual([
      '/etc/prometheus/prometheus.yml',
      `/etc/prometheus/rules/${RULE_FILE}`,
    ]);
    expect(Object.keys(files.alertmanager)).toEqual(['/etc/alertmanager/alertmanager.yml']);
    expect(Object.keys(files.grafana).sort()).toEqual([
      '/etc/grafana/dashboards/datahub-overview.json',
      '/etc/grafana/provisioning/dashboards/datahub.yml',
      '/etc/grafana/provisioning/datasources/datahub.yml',
    ]);
  });

  it('scrape prometheus, app, minio and alertmanager (and grafana when enabled) on the stack interval', () => {
    const config = parse(renderMonitoringFiles(dev).prometheus['/etc/prometheus/prometheus.yml']!);
    expect(config.global).toEqual({
      scrape_interval: '5s',
      evaluation_interval: '5s',
      external_labels: { stack: 'dev' },
    });
    expect(config.scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual([
      'prometheus',
      'app',
      'minio',
      'alertmanager',
      'grafana',
    ]);
    expect(config.scrape_configs[2]).toEqual({
      job_name: 'minio',
      metrics_path: '/minio/v2/metrics/cluster',
      static_configs: [{ targets: ['minio:9000'], labels: { service: 'minio' } }],
    });
    expect(config.rule_files).toEqual([`rules/${RULE_FILE}`]);
    expect(
      parse(renderMonitoringFiles(prod).prometheus['/etc/prometheus/prometheus.yml']!).global.scrape_interval,
    ).toBe('15s');
  });

  it('send alerts to the stack Alertmanager by default, or to the addresses given', () => {
    const jobs = scrapeJobs(dev);
    const targets = (text: string) => parse(text).alerting.alertmanagers[0].static_configs[0].targets;
    expect(targets(renderPrometheusConfig(dev, { jobs, ruleFiles: [] }))).toEqual(['alertmanager:9093']);
    expect(targets(renderPrometheusConfig(dev, { jobs, ruleFiles: [], alertmanagers: ['127.0.0.1:19093'] }))).toEqual([
      '127.0.0.1:19093',
    ]);
  });

  it('find the app through DNS when its replicas sit behind a headless Service, and change nothing else', () => {
    const docker = renderMonitoringFiles(prod);
    const replicas = renderMonitoringFiles(prod, { appReplicasDnsName: 'app-pods' });
    const jobs = (files: typeof docker) =>
      parse(files.prometheus['/etc/prometheus/prometheus.yml']!).scrape_configs as { job_name: string }[];
    expect(jobs(replicas).find((j) => j.job_name === 'app')).toEqual({
      job_name: 'app',
      dns_sd_configs: [{ names: ['app-pods'], type: 'A', port: 8080 }],
      relabel_configs: [{ target_label: 'service', replacement: 'app' }],
    });
    expect(jobs(replicas).filter((j) => j.job_name !== 'app')).toEqual(
      jobs(docker).filter((j) => j.job_name !== 'app'),
    );
    expect({ ...replicas, prometheus: {} }).toEqual({ ...docker, prometheus: {} });
    expect(replicas.prometheus['/etc/prometheus/rules/datahub.rules.yml']).toBe(
      docker.prometheus['/etc/prometheus/rules/datahub.rules.yml'],
    );
  });

  it('leaves Grafana out of the scrape jobs when it is disabled', () => {
    expect(scrapeJobs({ grafana: { enabled: false } }).map((j) => j.name)).not.toContain('grafana');
  });

  it('route the Watchdog to the heartbeat receiver and send to the webhook when one is configured', () => {
    const withHook = parseStackConfig('dev', {
      ...stackConfig('dev'),
      'datahub:alerting': '{"webhookUrl":"http://127.0.0.1:5001/hook"}',
    });
    const am = parse(renderMonitoringFiles(withHook).alertmanager['/etc/alertmanager/alertmanager.yml']!);
    expect(am.route.routes[0]).toMatchObject({
      receiver: 'heartbeat',
      matchers: ['alertname="Watchdog"'],
      repeat_interval: '1m',
    });
    expect(am.route.routes.map((r: { receiver: string }) => r.receiver)).toEqual([
      'heartbeat',
      'oncall-critical',
      'team-storage',
      'team-app',
      'team-monitoring',
    ]);
    expect(am.receivers).toContainEqual({
      name: 'default',
      webhook_configs: [{ url: 'http://127.0.0.1:5001/hook', send_resolved: true }],
    });
    expect(am.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"', 'alertname!="Watchdog"'],
        equal: ['service'],
      },
    ]);
  });

  it('use short grouping windows on dev and calmer ones on prod', () => {
    const route = (c: typeof dev) =>
      parse(renderMonitoringFiles(c).alertmanager['/etc/alertmanager/alertmanager.yml']!).route;
    expect(route(dev).group_wait).toBe('5s');
    expect(route(prod).group_wait).toBe('30s');
  });

  it('reference receiver secrets as files and never inline them', () => {
    const config = parseStackConfig(
      'dev',
      {
        ...stackConfig('dev'),
        'datahub:alerting':
          '{"slackChannel":"#alerts","emailTo":"a@example.com","emailFrom":"b@example.com","smtpSmarthost":"smtp.example.com:587","smtpUsername":"am"}',
        'datahub:slackWebhookUrl': 'https://hooks.example/SECRET-SLACK',
        'datahub:smtpPassword': 'SECRET-SMTP',
      },
      new Set(['datahub:slackWebhookUrl', 'datahub:smtpPassword']),
    );
    const text = renderMonitoringFiles(config).alertmanager['/etc/alertmanager/alertmanager.yml']!;
    expect(text).not.toContain('SECRET');
    const am = parse(text);
    expect(am.global).toMatchObject({
      slack_api_url_file: '/etc/alertmanager/secrets/slack-webhook-url',
      smtp_auth_password_file: '/etc/alertmanager/secrets/smtp-password',
    });
  });

  it('provision Grafana with the Prometheus datasource under a fixed uid', () => {
    const ds = parse(renderMonitoringFiles(dev).grafana['/etc/grafana/provisioning/datasources/datahub.yml']!);
    expect(ds.datasources).toEqual([
      expect.objectContaining({ uid: 'datahub-prometheus', url: 'http://prometheus:9090', type: 'prometheus' }),
    ]);
  });

  it('are deterministic: the same config renders the same bytes', () => {
    expect(renderMonitoringFiles(dev)).toEqual(renderMonitoringFiles(parseStackConfig('dev', stackConfig('dev'))));
  });
});

describe('the Prometheus server flags', () => {
  it('retry a dropped notification within seconds on dev and after the 1-minute default on prod', () => {
    // At start-up rules are evaluated before the 5-second discovery sync names Alertmanager; the
    // first notifications are dropped and sent again only after the resend delay.
    expect(prometheusServerArgs(parseStackConfig('dev', stackConfig('dev')), '/prometheus', 9090)).toContain(
      '--rules.alert.resend-delay=10s',
    );
    expect(prometheusAlertingArgs({ alertProfile: 'prod' })).toEqual(['--rules.alert.resend-delay=1m']);
  });
});
