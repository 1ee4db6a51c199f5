import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStackConfig } from '../../../infra/config';
import { allAlerts } from '../../../infra/monitoring';
import { REPO, stackConfig } from '../../support/pulumi-program';

const runbooks = readFileSync(path.join(REPO, 'docs', 'runbooks.md'), 'utf8');
const sections = [...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!);

describe.each(['dev', 'prod'])('runbooks for the %s alerts', (stack) => {
  const alerts = allAlerts(parseStackConfig(stack, stackConfig(stack)));

  it('have a section for every alert, and an alert for every section', () => {
    expect([...sections].sort()).toEqual(alerts.map((a) => a.alert).sort());
  });

  it('are linked from every alert by its runbook_url', () => {
    for (const alert of alerts)
      expect(alert.annotations.runbook_url).toBe(`docs/runbooks.md#${alert.alert.toLowerCase()}`);
  });

  it('give every section a symptom, checks and a fix', () => {
    for (const name of sections) {
      const body = runbooks.split(`## ${name}\n`)[1]!.split('\n## ')[0]!;
      expect({
        name,
        symptom: body.includes('**Symptom**'),
        checks: body.includes('**Checks**'),
        fix: body.includes('**Fix**'),
      }).toEqual({
        name,
        symptom: true,
        checks: true,
        fix: true,
      });
    }
  });
});

describe('alert rules as code', () => {
  const alerts = allAlerts(parseStackConfig('dev', stackConfig('dev')));
  it('use PascalCase names, a severity of warning or critical, a summary and a description', () => {
    for (const a of alerts) {
      expect(a.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(['warning', 'critical']).toContain(a.labels.severity);
      expect(a.annotations.summary.length).toBeGreaterThan(10);
      expect(a.annotations.description.length).toBeGreaterThan(10);
    }
  });
  it('guard ratio and latency alerts against low traffic', () => {
    for (const name of ['AppHighErrorRatio', 'AppHighLatency']) {
      expect(alerts.find((a) => a.alert === name)!.expr).toContain('job:datahub_http_requests:rate{job="app"} >');
    }
  });
});
