import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseStackConfig } from '../../../infra/config';
import { RULE_FILE, alertProfile, allAlerts, renderMonitoringFiles } from '../../../infra/monitoring';
import { materialize, promTool, runTool } from '../../support/prom-tools';
import { stackConfig } from '../../support/pulumi-program';
import { coveredAlerts, ruleTests } from './rule-cases';

describe.each(['dev', 'prod'])('alert rules of the %s stack', (stack) => {
  const config = parseStackConfig(stack, stackConfig(stack));
  const profile = alertProfile(config);
  const ctx = { profile, step: stack === 'dev' ? 15 : 60, runbookBaseUrl: config.alerting.runbookBaseUrl };
  const files = renderMonitoringFiles(config);
  const root = materialize(files.prometheus);
  const rulesDir = path.join(root, 'etc/prometheus/rules');

  it('pass promtool check rules', async () => {
    const result = await runTool(promTool('promtool'), ['check', 'rules', path.join(rulesDir, RULE_FILE)]);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('have a firing and a quiet promtool test for every alert', () => {
    expect(coveredAlerts(ctx).sort()).toEqual(
      allAlerts(config)
        .map((a) => a.alert)
        .sort(),
    );
  });

  it('pass promtool test rules: each alert fires with the expected labels and annotations, and stays quiet otherwise', async () => {
    const testFile = path.join(rulesDir, `${stack}.rules.test.yml`);
    writeFileSync(
      testFile,
      stringify(
        { rule_files: [RULE_FILE], evaluation_interval: `${ctx.step}s`, tests: ruleTests(ctx) },
        { lineWidth: 0, aliasDuplicateObjects: false },
      ),
    );
    const result = await runTool(promTool('promtool'), ['test', 'rules', testFile], rulesDir);
    if (result.code !== 0) throw new Error(`promtool test rules failed for ${stack}:\n${result.output}`);
    expect(result.output).toContain('SUCCESS');
  });
});
