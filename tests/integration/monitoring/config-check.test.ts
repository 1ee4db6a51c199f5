import path from 'node:path';
import { parseStackConfig } from '../../../infra/config';
import { RULE_FILE, renderMonitoringFiles } from '../../../infra/monitoring';
import { materialize, promTool, runTool } from '../../support/prom-tools';
import { stackConfig } from '../../support/pulumi-program';

describe.each(['dev', 'prod'])('the %s stack’s rendered monitoring config', (stack) => {
  const files = renderMonitoringFiles(parseStackConfig(stack, stackConfig(stack)));

  it('passes promtool check config, rule files included', async () => {
    const root = materialize(files.prometheus);
    const result = await runTool(promTool('promtool'), [
      'check',
      'config',
      path.join(root, 'etc/prometheus/prometheus.yml'),
    ]);
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS') });
    expect(result.output).toContain(`rules/${RULE_FILE}`);
  });

  it('passes promtool check rules', async () => {
    const root = materialize(files.prometheus);
    const result = await runTool(promTool('promtool'), [
      'check',
      'rules',
      path.join(root, 'etc/prometheus/rules', RULE_FILE),
    ]);
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('passes amtool check-config', async () => {
    const root = materialize(files.alertmanager);
    const result = await runTool(promTool('amtool'), [
      'check-config',
      path.join(root, 'etc/alertmanager/alertmanager.yml'),
    ]);
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS') });
  });
});

it('promtool really rejects a broken config (the check is not a no-op)', async () => {
  const root = materialize({ '/etc/prometheus/prometheus.yml': 'global:\n  scrape_interval: soon\n' });
  const result = await runTool(promTool('promtool'), [
    'check',
    'config',
    path.join(root, 'etc/prometheus/prometheus.yml'),
  ]);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('FAILED');
});
