/** A Kubernetes stack with the autoscaler owning the app's replicas, in Prometheus Operator mode, under the pack. */
import { runProgram, stackConfig, type ProgramRun } from '../../support/pulumi-program';
import { evaluateProgram, packConfigFile } from './program-policies';

const prod = JSON.parse(stackConfig('prod')['datahub:kubernetes']!) as Record<string, unknown>;
const kubernetes = (hpa: Record<string, unknown>) => ({
  ...prod,
  hpa: { enabled: true, maxReplicas: 10, cpuUtilization: 70, ...hpa },
  prometheusOperator: {
    enabled: true,
    prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
    alertmanagerUrl: 'http://alertmanager-operated.monitoring.svc:9093',
  },
});

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', { overrides: { 'datahub:kubernetes': kubernetes({ minReplicas: 2 }) } });
}, 30_000);

describe('an autoscaled Kubernetes stack in operator mode under the prod policy config', () => {
  it('passes every policy: the autoscaler keeps the app at two replicas or more', async () => {
    const { violations, applied } = await evaluateProgram(run, { pack: packConfigFile('prod') });
    expect(violations).toEqual({});
    expect(applied['kubernetes-app-replicas']).toEqual(['stack']);
    expect(run.one('kubernetes:apps/v1:Deployment', 'app-deployment').inputs.spec).not.toHaveProperty('replicas');
  });
});
