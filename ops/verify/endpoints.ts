import type { StackOutputs } from '../../infra/stack-outputs';

/**
 * What verification makes of each stack output. Keyed by every StackOutputs member, so a new
 * output is a type error here until verification says whether it checks it.
 */
const OUTPUT_ROLE = {
  appUrl: 'endpoint',
  minioApiUrl: 'endpoint',
  minioConsoleUrl: 'unchecked',
  prometheusUrl: 'endpoint',
  alertmanagerUrl: 'endpoint',
  // Unset when Grafana is disabled, so checked only when the stack has one.
  grafanaUrl: 'optional endpoint',
  appImageDigest: 'unchecked',
  minioRootUser: 'unchecked',
  minioRootPassword: 'unchecked',
  grafanaAdminUser: 'unchecked',
  grafanaAdminPassword: 'unchecked',
} as const satisfies Record<keyof StackOutputs, 'endpoint' | 'optional endpoint' | 'unchecked'>;

type Roles = typeof OUTPUT_ROLE;
type Role = Roles[keyof Roles];
type OutputsWith<R extends Role> = { [K in keyof Roles]: Roles[K] extends R ? K : never }[keyof Roles];

/** The endpoints verification checks: from the stack outputs, some replaced by DATAHUB_VERIFY_URLS. */
export type StackEndpoints = Record<OutputsWith<'endpoint'>, string> &
  Partial<Record<OutputsWith<'optional endpoint'>, string>>;
type EndpointKey = keyof StackEndpoints;

/** URLs that replace some endpoints of the outputs (DATAHUB_VERIFY_URLS). */
export type EndpointOverrides = Partial<Record<EndpointKey, string>>;

/** The outputs with one of these roles, in StackOutputs order. */
const outputsWith = <R extends Role>(...roles: readonly R[]): OutputsWith<R>[] =>
  (Object.keys(OUTPUT_ROLE) as (keyof Roles)[]).filter((key): key is OutputsWith<R> =>
    (roles as readonly Role[]).includes(OUTPUT_ROLE[key]),
  );

const REQUIRED_KEYS = outputsWith('endpoint');
const ENDPOINT_KEYS: readonly EndpointKey[] = outputsWith('endpoint', 'optional endpoint');

/** Stack outputs (as `pulumi stack output --json` prints them) → the endpoints to verify. */
export function endpointsFromOutputs(outputs: Record<string, unknown>): StackEndpoints {
  const missing = REQUIRED_KEYS.filter((k) => typeof outputs[k] !== 'string' || outputs[k] === '');
  if (missing.length > 0) throw new Error(`stack outputs lack ${missing.join(', ')}`);
  const endpoints: Partial<Record<EndpointKey, string>> = {};
  for (const key of ENDPOINT_KEYS) {
    const url = outputs[key];
    if (typeof url === 'string' && url !== '') endpoints[key] = url;
  }
  return endpoints as StackEndpoints;
}

/**
 * `DATAHUB_VERIFY_URLS`: a JSON object that replaces some output URLs for verification, for
 * endpoints this machine reaches another way than the stack says (a Kubernetes stack's in-cluster
 * `*.svc` URLs through `kubectl port-forward`). Throws naming the variable and the fix.
 */
export function verifyUrlOverrides(raw: string | undefined): EndpointOverrides {
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
  const out: EndpointOverrides = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(ENDPOINT_KEYS as readonly string[]).includes(key)) {
      throw new Error(`DATAHUB_VERIFY_URLS has an unknown key "${key}": ${fix}`);
    }
    if (typeof value !== 'string' || !/^https?:\/\/./.test(value)) {
      throw new Error(`DATAHUB_VERIFY_URLS.${key} must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
    out[key as EndpointKey] = value;
  }
  return out;
}
