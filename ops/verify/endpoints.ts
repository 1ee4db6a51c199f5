/** The endpoints verification checks: from the stack outputs, some replaced by DATAHUB_VERIFY_URLS. */
export interface StackEndpoints {
  appUrl: string;
  minioApiUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  grafanaUrl?: string;
}

/** Stack outputs (as `pulumi stack output --json` prints them) → the endpoints to verify. */
export function endpointsFromOutputs(outputs: Record<string, unknown>): StackEndpoints {
  const required = ['appUrl', 'minioApiUrl', 'prometheusUrl', 'alertmanagerUrl'] as const;
  const missing = required.filter((k) => typeof outputs[k] !== 'string' || outputs[k] === '');
  if (missing.length > 0) throw new Error(`stack outputs lack ${missing.join(', ')}`);
  const grafana = outputs.grafanaUrl;
  return {
    appUrl: outputs.appUrl as string,
    minioApiUrl: outputs.minioApiUrl as string,
    prometheusUrl: outputs.prometheusUrl as string,
    alertmanagerUrl: outputs.alertmanagerUrl as string,
    ...(typeof grafana === 'string' && grafana !== '' ? { grafanaUrl: grafana } : {}),
  };
}

const ENDPOINT_KEYS = ['appUrl', 'minioApiUrl', 'prometheusUrl', 'alertmanagerUrl', 'grafanaUrl'] as const;

/**
 * `DATAHUB_VERIFY_URLS`: a JSON object that replaces some output URLs for verification, for
 * endpoints this machine reaches another way than the stack says (a Kubernetes stack's in-cluster
 * `*.svc` URLs through `kubectl port-forward`). Throws naming the variable and the fix.
 */
export function verifyUrlOverrides(raw: string | undefined): Partial<Record<(typeof ENDPOINT_KEYS)[number], string>> {
  if (raw === undefined || raw.trim() === '') return {};
  const fix = `e.g. DATAHUB_VERIFY_URLS='{"prometheusUrl":"http://127.0.0.1:9090"}' (keys: ${ENDPOINT_KEYS.join(', ')})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`DATAHUB_VERIFY_URLS is not JSON: ${fix}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`DATAHUB_VERIFY_URLS must be a JSON object: ${fix}`);
  }
  const out: Partial<Record<(typeof ENDPOINT_KEYS)[number], string>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(ENDPOINT_KEYS as readonly string[]).includes(key)) {
      throw new Error(`DATAHUB_VERIFY_URLS has an unknown key "${key}": ${fix}`);
    }
    if (typeof value !== 'string' || !/^https?:\/\/./.test(value)) {
      throw new Error(`DATAHUB_VERIFY_URLS.${key} must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
    out[key as (typeof ENDPOINT_KEYS)[number]] = value;
  }
  return out;
}
