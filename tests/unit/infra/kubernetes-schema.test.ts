/** The offline schema validation the Kubernetes program tests rely on: it must reject what the API server would. */
import {
  KUBERNETES_SCHEMA_VERSION,
  PROMETHEUS_OPERATOR_CRD_VERSION,
  schemaErrors,
  type Manifest,
} from '../../support/kubernetes-schema';

const deployment = (spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'datahub' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'app', image: 'a@sha256:0' }] } },
    ...spec,
  },
});

describe('manifest validation against the pinned schemas', () => {
  it(`pins Kubernetes ${KUBERNETES_SCHEMA_VERSION} and Prometheus Operator ${PROMETHEUS_OPERATOR_CRD_VERSION}`, () => {
    expect(KUBERNETES_SCHEMA_VERSION).toBe('v1.33.0');
    expect(PROMETHEUS_OPERATOR_CRD_VERSION).toBe('v0.65.1');
  });

  it('accepts a valid Deployment', () => {
    expect(schemaErrors(deployment({}))).toEqual([]);
  });

  it('rejects replicas of the wrong type', () => {
    expect(schemaErrors(deployment({ replicas: 'two' }))).toEqual([
      expect.stringContaining('replicas must be integer'),
    ]);
  });

  it('rejects a Deployment without its required selector', () => {
    const { selector: _s, ...spec } = deployment({}).spec as Record<string, unknown>;
    expect(schemaErrors({ ...deployment({}), spec })).toEqual([
      expect.stringContaining('spec must have required property selector'),
    ]);
  });

  it('rejects a container without an image name field of the right type, and a bad quantity', () => {
    const bad = deployment({
      template: {
        spec: { containers: [{ name: 'app', image: 1, resources: { limits: { memory: 'lots' } } }] },
      },
    });
    const errors = schemaErrors(bad).join('\n');
    expect(errors).toContain('image must be string');
    expect(errors).toContain('memory');
  });

  it('rejects a PrometheusRule whose `for` is not a duration', () => {
    const rule: Manifest = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: 'five minutes' }] }] },
    };
    expect(schemaErrors(rule)).toEqual([expect.stringContaining('for must match pattern')]);
  });

  it('refuses a kind it has no schema for, rather than pass it unchecked', () => {
    expect(schemaErrors({ apiVersion: 'batch/v1', kind: 'CronJob' })).toEqual([
      expect.stringContaining('no schema for batch/v1/CronJob'),
    ]);
  });
});
