import { CONTAINER } from '../../../policies/docker/resources';
import {
  prometheusAlertRulesMounted,
  prometheusRetention,
  prometheusScrapesServices,
  scrapeTargetHosts,
  targetHost,
} from '../../../policies/docker/monitoring';
import {
  assertHasResourceViolation,
  assertHasStackViolation,
  assertNoResourceViolations,
  assertNoStackViolations,
  assertNotApplicable,
  policyResource,
  runStackPolicy,
  stackArgs,
} from '../../support/policy-args';
import { UNKNOWN_VALUE, container, hardenedContainer, serviceLabels } from './fixtures/props';

const PROMETHEUS_YML = `
global: { scrape_interval: 15s }
rule_files:
  - rules/datahub.rules.yml
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['app:8080'] }]
  - job_name: minio
    metrics_path: /minio/v2/metrics/cluster
    static_configs: [{ targets: ['minio:9000'] }]
`;
const RULES_YML = `
groups:
  - name: app
    rules:
      - record: job:up:sum
        expr: sum(up)
      - alert: AppDown
        expr: up{job="app"} == 0
`;

type Props = Record<string, unknown>;
const prometheusProps = (extra: Props = {}): Props =>
  hardenedContainer({
    name: 'datahub-test-prometheus',
    labels: serviceLabels('prometheus'),
    networksAdvanced: [{ name: 'datahub-test', aliases: ['prometheus'] }],
    command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.retention.time=15d'],
    uploads: [
      { file: '/etc/prometheus/prometheus.yml', content: PROMETHEUS_YML },
      { file: '/etc/prometheus/rules/datahub.rules.yml', content: RULES_YML },
    ],
    ...extra,
  });
const serviceProps = (service: string, extra: Props = {}): Props =>
  hardenedContainer({
    name: `datahub-test-${service}`,
    labels: serviceLabels(service),
    networksAdvanced: [{ name: 'datahub-test', aliases: [service] }],
    ...extra,
  });
const resource = (name: string, props: Props) => policyResource({ type: CONTAINER, name, props });
const stack = (extra: { prometheus?: Props; app?: Props; minio?: Props } = {}, config = {}) =>
  stackArgs(
    [
      resource('monitoring-prometheus', extra.prometheus ?? prometheusProps()),
      resource('app-app', extra.app ?? serviceProps('app')),
      resource('object-store-minio', extra.minio ?? serviceProps('minio')),
      resource('monitoring-grafana', serviceProps('grafana')),
      policyResource({ type: 'docker:index/volume:Volume', name: 'v', props: { name: 'v' } }),
    ],
    config,
  );
const urn = (name: string) => `urn:pulumi:test::datahub::${CONTAINER}::${name}`;

describe('targetHost and scrapeTargetHosts', () => {
  it.each([
    ['app:8080', 'app'],
    ['app', 'app'],
    ['[::1]:9090', '::1'],
    ['http://minio:9000/metrics', 'minio'],
  ])('%s → %s', (target, host) => expect(targetHost(target)).toBe(host));

  it('reads every static target of every job, and nothing from odd shapes', () => {
    expect(scrapeTargetHosts({ scrape_configs: [{ static_configs: [{ targets: ['a:1', 'b:2'] }, {}] }, {}] })).toEqual([
      'a',
      'b',
    ]);
    expect(scrapeTargetHosts(null)).toEqual([]);
    expect(scrapeTargetHosts({ scrape_configs: 'x' })).toEqual([]);
  });
});

describe('prometheus-scrapes-services (stack)', () => {
  it('accepts a stack whose app and MinIO aliases are scrape targets', async () => {
    await assertNoStackViolations(prometheusScrapesServices, stack());
  });

  it('flags a MinIO container no job targets, on its URN', async () => {
    const yml = PROMETHEUS_YML.replace("['minio:9000']", "['localhost:9090']");
    const args = stack({
      prometheus: prometheusProps({ uploads: [{ file: '/etc/prometheus/prometheus.yml', content: yml }] }),
    });
    const outcome = await runStackPolicy(prometheusScrapesServices, args);
    expect(outcome.violations).toEqual([
      {
        urn: urn('object-store-minio'),
        message: expect.stringMatching(
          /^container "datahub-test-minio" \(object-store-minio\) is not scraped: no scrape job in \/etc\/prometheus\/prometheus\.yml targets any name it answers to on the network \(minio, datahub-test-minio\)\. .*Fix: attach it to the stack network with an alias/,
        ),
      },
    ]);
  });

  it('accepts a target by container name as well as by alias', async () => {
    await assertNoStackViolations(
      prometheusScrapesServices,
      stack({ minio: serviceProps('minio', { networksAdvanced: [], name: 'minio' }) }),
    );
  });

  it('flags every watched container when the stack has no Prometheus', async () => {
    const args = stackArgs([resource('app-app', serviceProps('app'))]);
    await assertHasStackViolation(
      prometheusScrapesServices,
      args,
      'runs app, but the stack has no Prometheus container to scrape it',
      urn('app-app'),
    );
  });

  it('flags a Prometheus without an uploaded prometheus.yml, or one that does not parse', async () => {
    await assertHasStackViolation(
      prometheusScrapesServices,
      stack({ prometheus: prometheusProps({ uploads: [] }) }),
      /has no upload at \/etc\/prometheus\/prometheus\.yml\. The scrape jobs must be part of the program: .*Fix: upload the rendered prometheus\.yml/,
      urn('monitoring-prometheus'),
    );
    await assertHasStackViolation(
      prometheusScrapesServices,
      stack({
        prometheus: prometheusProps({
          uploads: [{ file: '/etc/prometheus/prometheus.yml', content: 'scrape_configs: [' }],
        }),
      }),
      "'s /etc/prometheus/prometheus.yml is not valid YAML",
    );
  });

  it('identifies unlabelled containers by image, and takes the watched services and path from config', async () => {
    const app = { image: 'datahub-app:0123456789abcdef', networksAdvanced: [{ name: 'n', aliases: ['api'] }] };
    await assertHasStackViolation(
      prometheusScrapesServices,
      stackArgs([resource('monitoring-prometheus', prometheusProps()), resource('api', app)]),
      'is not scraped',
    );
    const custom = prometheusProps({ uploads: [{ file: '/etc/prom/p.yml', content: PROMETHEUS_YML }] });
    const config = { prometheusConfigPath: '/etc/prom/p.yml', scrapedServices: ['app'] };
    await assertNoStackViolations(
      prometheusScrapesServices,
      stack({ prometheus: custom, minio: serviceProps('minio', { networksAdvanced: [] }) }, config),
    );
  });

  it('does not apply to a stack without app or MinIO containers', async () => {
    const outcome = await runStackPolicy(
      prometheusScrapesServices,
      stackArgs([resource('monitoring-prometheus', prometheusProps())]),
    );
    expect(outcome).toEqual({ violations: [], notApplicable: 'no app or minio container in the stack' });
  });

  it('treats unknown uploads and aliases as unknown', async () => {
    await assertNoStackViolations(
      prometheusScrapesServices,
      stack({ prometheus: prometheusProps({ uploads: UNKNOWN_VALUE }) }),
    );
    await assertNoStackViolations(
      prometheusScrapesServices,
      stack({
        prometheus: prometheusProps({ uploads: [{ file: '/etc/prometheus/prometheus.yml', content: UNKNOWN_VALUE }] }),
      }),
    );
    const yml = PROMETHEUS_YML.replace("['minio:9000']", "['localhost:9090']");
    const prometheus = prometheusProps({ uploads: [{ file: '/etc/prometheus/prometheus.yml', content: yml }] });
    await assertNoStackViolations(
      prometheusScrapesServices,
      stack({
        prometheus,
        minio: serviceProps('minio', { networksAdvanced: [{ name: 'n', aliases: [UNKNOWN_VALUE] }] }),
      }),
    );
  });
});

describe('prometheus-alert-rules-mounted', () => {
  const prometheus = (extra: Props = {}) => container(prometheusProps(extra), {}, 'monitoring-prometheus');
  const withConfig = (
    yml: string,
    rules: Props[] = [{ file: '/etc/prometheus/rules/datahub.rules.yml', content: RULES_YML }],
  ) => prometheus({ uploads: [{ file: '/etc/prometheus/prometheus.yml', content: yml }, ...rules] });

  it('accepts an uploaded rule file with alerts, referenced relatively, absolutely or by glob', async () => {
    await assertNoResourceViolations(prometheusAlertRulesMounted, prometheus());
    await assertNoResourceViolations(
      prometheusAlertRulesMounted,
      withConfig('rule_files: [/etc/prometheus/rules/datahub.rules.yml]'),
    );
    await assertNoResourceViolations(prometheusAlertRulesMounted, withConfig("rule_files: ['rules/*.yml']"));
  });

  it('flags a config without rule_files', async () => {
    await assertHasResourceViolation(
      prometheusAlertRulesMounted,
      withConfig('scrape_configs: []'),
      /prometheus\.yml lists no rule_files\. Prometheus must load alert rules .*Fix: upload the rendered rule file as "\/etc\/prometheus\/rules\/<name>\.yml" and list it in prometheus\.yml's rule_files \(relative to \/etc\/prometheus, such as "rules\/<name>\.yml"\)/,
    );
  });

  it('flags a rule file that is listed but not uploaded', async () => {
    await assertHasResourceViolation(
      prometheusAlertRulesMounted,
      withConfig('rule_files: [rules/datahub.rules.yml]', []),
      'names "rules/datahub.rules.yml" (/etc/prometheus/rules/datahub.rules.yml), which is not among its uploads',
    );
    await assertHasResourceViolation(
      prometheusAlertRulesMounted,
      withConfig("rule_files: ['rules/*.yml']", []),
      'loads no rule file uploaded under /etc/prometheus/rules/',
    );
  });

  it('flags rule files outside the rules folder, and rule files without any alert', async () => {
    await assertHasResourceViolation(
      prometheusAlertRulesMounted,
      withConfig('rule_files: [other.yml]', [{ file: '/etc/prometheus/other.yml', content: RULES_YML }]),
      'loads no rule file uploaded under /etc/prometheus/rules/',
    );
    await assertHasResourceViolation(
      prometheusAlertRulesMounted,
      withConfig('rule_files: [rules/r.yml]', [
        { file: '/etc/prometheus/rules/r.yml', content: 'groups: [{ name: x, rules: [{ record: a, expr: up }] }]' },
      ]),
      'hold no alerting rule',
    );
  });

  it('flags a Prometheus without an uploaded config', async () => {
    await assertHasResourceViolation(
      prometheusAlertRulesMounted,
      prometheus({ uploads: [] }),
      'has no upload at /etc/prometheus/prometheus.yml',
    );
  });

  it('treats unknown uploads as unknown and does not apply to other containers', async () => {
    await assertNoResourceViolations(prometheusAlertRulesMounted, prometheus({ uploads: UNKNOWN_VALUE }));
    await assertNoResourceViolations(
      prometheusAlertRulesMounted,
      withConfig('rule_files: [rules/datahub.rules.yml]', [
        { file: '/etc/prometheus/rules/datahub.rules.yml', content: UNKNOWN_VALUE },
      ]),
    );
    await assertNotApplicable(
      prometheusAlertRulesMounted,
      container(serviceProps('app')),
      'not a Prometheus container',
    );
  });
});

describe('prometheus-retention (advisory)', () => {
  const prometheus = (command: unknown) => container(prometheusProps({ command }), {}, 'monitoring-prometheus');

  it('is advisory', () => expect(prometheusRetention.enforcementLevel).toBe('advisory'));

  it.each([
    [['--storage.tsdb.retention.time=15d']],
    [['--storage.tsdb.retention.size=10GB']],
    [UNKNOWN_VALUE],
    [[UNKNOWN_VALUE]],
  ])('accepts %j', async (command) => {
    await assertNoResourceViolations(prometheusRetention, prometheus(command));
  });

  it('flags a Prometheus without retention flags', async () => {
    await assertHasResourceViolation(
      prometheusRetention,
      prometheus(['--config.file=/etc/prometheus/prometheus.yml']),
      /sets neither --storage\.tsdb\.retention\.time nor --storage\.tsdb\.retention\.size\. Prometheus should bound its storage: .*Fix: add/,
    );
    await assertHasResourceViolation(
      prometheusRetention,
      container({ image: 'prom/prometheus:v3.5.0' }),
      'sets neither',
    );
  });
});
