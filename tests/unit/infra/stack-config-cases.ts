import { StackConfigError, parseStackConfig } from '../../../infra/config';

/** A kubernetes stack: the platform, a registry, and whatever the case adds to datahub:kubernetes. */
export function onKubernetes(kubernetes: Record<string, unknown> = {}, rest: Record<string, string> = {}) {
  return {
    'datahub:platform': 'kubernetes',
    'datahub:kubernetes': JSON.stringify({ registry: 'registry.example.com/datahub', ...kubernetes }),
    ...rest,
  };
}

/** The problems parseStackConfig lists for a config it refuses. */
export function problemsOf(stack: string, raw: Record<string, string>): string[] {
  try {
    parseStackConfig(stack, raw);
  } catch (err) {
    if (err instanceof StackConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a StackConfigError');
}

/** datahub:kubernetes as a stack gets it when it sets only the registry, written out by hand. */
export const KUBERNETES_DEFAULTS = {
  namespace: 'datahub',
  volumeGb: { minio: 100, prometheus: 20, alertmanager: 1, grafana: 1 },
  appReplicas: 2,
  cpu: {
    minio: { request: '250m', limit: '2' },
    app: { request: '100m', limit: '1' },
    prometheus: { request: '250m', limit: '1' },
    alertmanager: { request: '50m', limit: '250m' },
    grafana: { request: '100m', limit: '500m' },
  },
  registry: 'registry.example.com/datahub',
  ingress: { enabled: false },
  hpa: { enabled: false, minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 },
  prometheusOperator: { enabled: false, labels: {} },
};
