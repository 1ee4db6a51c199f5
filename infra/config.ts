import { z } from 'zod';

/** The config namespace of every key this program reads (`datahub:<key>`). */
export const NAMESPACE = 'datahub';

const MiB = 1024 * 1024;
const DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const DIGEST = /@sha256:[a-f0-9]{64}$/;
// [registry[:port]/]path[:tag][@sha256:digest], as Docker's reference grammar allows.
const IMAGE_REF =
  /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+|\/)[a-z0-9]+)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export const PLATFORMS = ['docker', 'kubernetes'] as const;
export const ALERT_PROFILES = ['dev', 'prod'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const RESTART_POLICIES = ['always', 'unless-stopped', 'on-failure'] as const;
export { SERVICES, type Service } from '../contracts/services';

const duration = (example: string) =>
  z.string().refine((v) => v !== '' && v !== '0s' && DURATION.test(v), {
    message: `must be a Prometheus duration such as ${example}`,
  });

const port = z
  .number({ message: 'must be a whole number from 1 to 65535' })
  .int({ message: 'must be a whole number from 1 to 65535' })
  .min(1, { message: 'must be from 1 to 65535' })
  .max(65535, { message: 'must be from 1 to 65535' });

const memoryMb = (min: number) =>
  z
    .number({ message: `must be a whole number of MiB, at least ${min}` })
    .int({ message: `must be a whole number of MiB, at least ${min}` })
    .min(min, { message: `must be at least ${min} (MiB)` })
    .max(65536, { message: 'must be at most 65536 (MiB)' });

const imageRef = z
  .string()
  .regex(IMAGE_REF, {
    message: 'must be an image reference such as "prom/prometheus:v3.5.0" or "repo/name:tag@sha256:<64 hex>"',
  })
  .refine((v) => tagOf(v) !== 'latest' && tagOf(v) !== undefined, {
    message: 'must pin a version tag: "latest" (or no tag, which means latest) changes under you',
  });

/** The tag of an image reference, or undefined when it has none. */
export function tagOf(image: string): string | undefined {
  const withoutDigest = image.replace(DIGEST, '');
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

export const isPinnedByDigest = (image: string): boolean => DIGEST.test(image);

const strictObject = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

// An RFC 1123 label (namespace, secret name) and subdomain (storage class, ingress class).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// registry[:port]/path: where the app image is pushed (no tag: the program tags each build).
const REGISTRY = /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;
const CPU = /^(\d+m|\d+(\.\d{1,3})?)$/;

const cpuQuantity = z.string().regex(CPU, { message: 'must be a CPU quantity such as 250m or 1' });
const cpu = (request: string, limit: string) =>
  strictObject({ request: cpuQuantity.default(request), limit: cpuQuantity.default(limit) }).default({
    request,
    limit,
  });

const volumeGb = (fallback: number) =>
  z
    .number({ message: 'must be a whole number of GiB from 1 to 65536' })
    .int({ message: 'must be a whole number of GiB from 1 to 65536' })
    .min(1, { message: 'must be from 1 to 65536 (GiB)' })
    .max(65536, { message: 'must be from 1 to 65536 (GiB)' })
    .default(fallback);

const replicas = (fallback: number) =>
  z
    .number({ message: 'must be a whole number from 2 to 100' })
    .int({ message: 'must be a whole number from 2 to 100' })
    .min(2, { message: 'must be at least 2: with one replica every rollout or node drain is an outage' })
    .max(100, { message: 'must be at most 100' })
    .default(fallback);

const CPU_DEFAULTS = {
  minio: { request: '250m', limit: '2' },
  app: { request: '100m', limit: '1' },
  prometheus: { request: '250m', limit: '1' },
  alertmanager: { request: '50m', limit: '250m' },
  grafana: { request: '100m', limit: '500m' },
};
const VOLUME_DEFAULTS = { minio: 100, prometheus: 20, alertmanager: 1, grafana: 1 };

/** `datahub:kubernetes`: where and how the stack runs on a cluster. Only with `datahub:platform: kubernetes`. */
const kubernetesSchema = strictObject({
  /** The namespace every object goes in (created by the program). */
  namespace: z
    .string()
    .regex(DNS_LABEL, { message: 'must be a Kubernetes namespace name: lower-case letters, digits and "-"' })
    .default('datahub'),
  /** The kubeconfig context; unset means the current context (KUBECONFIG or ~/.kube/config). */
  context: z.string().min(1, { message: 'must be a kubeconfig context name' }).optional(),
  /** The storage class of every PersistentVolumeClaim; unset means the cluster's default class. */
  storageClass: z
    .string()
    .regex(DNS_SUBDOMAIN, { message: 'must be a storage class name such as standard or gp3' })
    .optional(),
  volumeGb: strictObject({
    minio: volumeGb(VOLUME_DEFAULTS.minio),
    prometheus: volumeGb(VOLUME_DEFAULTS.prometheus),
    alertmanager: volumeGb(VOLUME_DEFAULTS.alertmanager),
    grafana: volumeGb(VOLUME_DEFAULTS.grafana),
  }).default(VOLUME_DEFAULTS),
  /** App replicas when the HorizontalPodAutoscaler is off. */
  appReplicas: replicas(2),
  /** CPU request and limit per service (memory comes from datahub:memoryMb on both platforms). */
  cpu: strictObject({
    minio: cpu(CPU_DEFAULTS.minio.request, CPU_DEFAULTS.minio.limit),
    app: cpu(CPU_DEFAULTS.app.request, CPU_DEFAULTS.app.limit),
    prometheus: cpu(CPU_DEFAULTS.prometheus.request, CPU_DEFAULTS.prometheus.limit),
    alertmanager: cpu(CPU_DEFAULTS.alertmanager.request, CPU_DEFAULTS.alertmanager.limit),
    grafana: cpu(CPU_DEFAULTS.grafana.request, CPU_DEFAULTS.grafana.limit),
  }).default(CPU_DEFAULTS),
  /** The registry repository the app image is pushed to; the Deployment pulls it by digest. */
  registry: z
    .string({ message: 'must be the registry the app image is pushed to, such as registry.example.com/datahub' })
    .regex(REGISTRY, {
      message: 'must be the registry the app image is pushed to, such as registry.example.com/datahub',
    }),
  /** Push login; its password is the secret datahub:registryPassword. Unset uses the local Docker login. */
  registryUsername: z.string().min(1, { message: 'must be a user name' }).optional(),
  /** An existing Secret of type kubernetes.io/dockerconfigjson the pods pull with (private registries). */
  imagePullSecret: z.string().regex(DNS_LABEL, { message: 'must be a Secret name' }).optional(),
  ingress: strictObject({
    enabled: z.boolean({ message: 'must be true or false' }).default(false),
    host: z.string().regex(DNS_SUBDOMAIN, { message: 'must be a host name such as datahub.example.com' }).optional(),
    className: z.string().regex(DNS_SUBDOMAIN, { message: 'must be an IngressClass name such as nginx' }).optional(),
    /** A Secret of type kubernetes.io/tls for host; unset serves plain HTTP. */
    tlsSecret: z.string().regex(DNS_LABEL, { message: 'must be a Secret name' }).optional(),
  }).default({ enabled: false }),
  hpa: strictObject({
    enabled: z.boolean({ message: 'must be true or false' }).default(false),
    minReplicas: replicas(2),
    maxReplicas: replicas(6),
    cpuUtilization: z
      .number({ message: 'must be a whole percentage from 10 to 100' })
      .int({ message: 'must be a whole percentage from 10 to 100' })
      .min(10, { message: 'must be from 10 to 100 (%)' })
      .max(100, { message: 'must be from 10 to 100 (%)' })
      .default(70),
  }).default({ enabled: false, minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 }),
  /** The cluster runs the Prometheus Operator: declare PrometheusRule and ServiceMonitors instead of a monitoring stack. */
  prometheusOperator: strictObject({
    enabled: z.boolean({ message: 'must be true or false' }).default(false),
    /** Labels the cluster's Prometheus selects rules and monitors by, such as { release: kube-prometheus-stack }. */
    labels: z.record(z.string(), z.string(), { message: 'must be a map of label names to values' }).default({}),
    /** The cluster's Prometheus and Alertmanager, for the stack outputs and the deploy's verification. */
    prometheusUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    alertmanagerUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  }).default({ enabled: false, labels: {} }),
});

export type KubernetesConfig = z.infer<typeof kubernetesSchema>;

/** Keys only the Docker platform reads: set on a kubernetes stack, they would silently do nothing. */
export const DOCKER_ONLY_KEYS = [
  'bindAddress',
  'allowPublicBind',
  'ports',
  'restartPolicy',
  'logRotation',
  'dockerHost',
  'dataVolumeDriverOpts',
] as const;

/** Every `datahub:*` key: its schema, default, and the line `pulumi config` users read in errors. */
const schema = strictObject({
  platform: z.enum(PLATFORMS, { message: `must be one of ${PLATFORMS.join(', ')}` }).default('docker'),
  bindAddress: z.string().regex(IPV4, { message: 'must be an IPv4 address such as 127.0.0.1' }).default('127.0.0.1'),
  allowPublicBind: z.boolean({ message: 'must be true or false' }).default(false),
  ports: strictObject({
    app: port.default(8080),
    minioApi: port.default(9000),
    minioConsole: port.default(9001),
    prometheus: port.default(9090),
    alertmanager: port.default(9093),
    grafana: port.default(3000),
  }).default({ app: 8080, minioApi: 9000, minioConsole: 9001, prometheus: 9090, alertmanager: 9093, grafana: 3000 }),
  images: strictObject({
    minio: imageRef.default('minio/minio:RELEASE.2025-04-22T22-12-26Z'),
    prometheus: imageRef.default('prom/prometheus:v3.5.0'),
    alertmanager: imageRef.default('prom/alertmanager:v0.28.1'),
    grafana: imageRef.default('grafana/grafana:12.1.1'),
    nodeBase: imageRef.default('node:24-bookworm-slim'),
  }).default({
    minio: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
    prometheus: 'prom/prometheus:v3.5.0',
    alertmanager: 'prom/alertmanager:v0.28.1',
    grafana: 'grafana/grafana:12.1.1',
    nodeBase: 'node:24-bookworm-slim',
  }),
  pinImagesByDigest: z.boolean({ message: 'must be true or false' }).default(false),
  /** Runs this app image (a local image id, as a release records it) instead of building app/: set by rollbacks. */
  appImage: z
    .string()
    .refine((v) => /^sha256:[a-f0-9]{64}$/.test(v) || IMAGE_REF.test(v), {
      message: 'must be an image id (sha256:<64 hex>) or an image reference',
    })
    .optional(),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      message: 'must be an S3 bucket name: 3-63 characters of a-z, 0-9, "." and "-"',
    })
    .default('datahub'),
  logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  maxObjectMb: z
    .number({ message: 'must be a whole number of MiB from 1 to 163840' })
    .int({ message: 'must be a whole number of MiB from 1 to 163840' })
    .min(1, { message: 'must be from 1 to 163840 (MiB)' })
    .max(163840, { message: 'must be from 1 to 163840 (MiB)' })
    .default(5120),
  alertProfile: z.enum(ALERT_PROFILES, { message: `must be one of ${ALERT_PROFILES.join(', ')}` }).default('dev'),
  scrapeInterval: duration('15s').default('15s'),
  evaluationInterval: duration('15s').default('15s'),
  retention: strictObject({
    prometheusTime: duration('15d').default('15d'),
    prometheusSize: z
      .string()
      .regex(/^\d+(B|KB|MB|GB|TB|PB|EB)$/, { message: 'must be a size such as 10GB' })
      .default('10GB'),
    alertmanager: duration('120h').default('120h'),
  }).default({ prometheusTime: '15d', prometheusSize: '10GB', alertmanager: '120h' }),
  memoryMb: strictObject({
    minio: memoryMb(128).default(1024),
    app: memoryMb(64).default(256),
    prometheus: memoryMb(128).default(1024),
    alertmanager: memoryMb(32).default(128),
    grafana: memoryMb(64).default(256),
  }).default({ minio: 1024, app: 256, prometheus: 1024, alertmanager: 128, grafana: 256 }),
  restartPolicy: z
    .enum(RESTART_POLICIES, { message: `must be one of ${RESTART_POLICIES.join(', ')}` })
    .default('unless-stopped'),
  protectData: z.boolean({ message: 'must be true or false' }).default(true),
  /**
   * Options of the `local` volume driver for the data volumes (an NFS export or a device, as
   * `docker volume create -o` takes them). Changing them replaces every data volume: a new, empty one.
   */
  dataVolumeDriverOpts: z
    .record(z.string(), z.string({ message: 'must be a string' }))
    .refine((opts) => Object.keys(opts).every((k) => /^[a-z][a-z0-9_.-]*$/.test(k)), {
      message: 'must be a map of driver option names (such as type, o, device) to strings',
    })
    .default({}),
  logRotation: strictObject({
    maxSizeMb: z
      .number({ message: 'must be a whole number of MiB from 1 to 1024' })
      .int({ message: 'must be a whole number of MiB from 1 to 1024' })
      .min(1, { message: 'must be from 1 to 1024 (MiB)' })
      .max(1024, { message: 'must be from 1 to 1024 (MiB)' })
      .default(10),
    maxFiles: z
      .number({ message: 'must be a whole number from 1 to 100' })
      .int({ message: 'must be a whole number from 1 to 100' })
      .min(1, { message: 'must be from 1 to 100' })
      .max(100, { message: 'must be from 1 to 100' })
      .default(3),
  }).default({ maxSizeMb: 10, maxFiles: 3 }),
  grafana: strictObject({
    enabled: z.boolean({ message: 'must be true or false' }).default(true),
  }).default({ enabled: true }),
  alerting: strictObject({
    /** Receives every alert (and its resolution). */
    webhookUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    /** Receives the always-firing Watchdog; silence there means alerting is broken. */
    heartbeatUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    /** Where runbook_url points: the alert's section is appended as #<alertname>. */
    runbookBaseUrl: z
      .string()
      .min(1, { message: 'must be a URL or path of docs/runbooks.md' })
      .default('docs/runbooks.md'),
    slackChannel: z
      .string()
      .regex(/^#[\w.-]{1,80}$/, { message: 'must be a Slack channel such as #datahub-alerts' })
      .optional(),
    emailTo: z.email({ message: 'must be an email address' }).optional(),
    emailFrom: z.email({ message: 'must be an email address' }).optional(),
    smtpSmarthost: z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$/, { message: 'must be host:port, such as smtp.example.com:587' })
      .optional(),
    smtpUsername: z.string().min(1).optional(),
  }).default({ runbookBaseUrl: 'docs/runbooks.md' }),
  dockerHost: z
    .string()
    .regex(/^(unix|tcp|ssh|npipe):\/\/.+/, { message: 'must be a Docker host URL such as unix:///var/run/docker.sock' })
    .optional(),
  kubernetes: kubernetesSchema.optional(),
});

/** Keys that hold secrets: read only through `pulumi.Config.getSecret`, never parsed into StackConfig. */
export const SECRET_KEYS = ['slackWebhookUrl', 'smtpPassword', 'registryPassword'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export type StackConfig = z.infer<typeof schema> & {
  /** The Pulumi stack name. */
  readonly stack: string;
  readonly maxObjectBytes: number;
  /** Which secret keys are set (their values stay out of StackConfig). */
  readonly secrets: Readonly<Record<SecretKey, boolean>>;
};

export const KNOWN_KEYS: readonly string[] = [...Object.keys(schema.shape), ...SECRET_KEYS];

/** Bad stack configuration; every line names a key, the value and what is allowed. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `stack "${stackName}" has invalid configuration (Pulumi.${stackName}.yaml):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\nFix it with \`pulumi config set --stack ${stackName} --path datahub:<key> <value>\` or by editing Pulumi.${stackName}.yaml.`,
    );
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(key: string, candidates: readonly string[]): string {
  const best = candidates
    .map((c) => ({ c, d: editDistance(key.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? `; did you mean datahub:${best.c}?` : '';
}

const unwrap = (s: unknown): unknown => {
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap();
  return s;
};

function unwrapped(key: string): z.ZodType | undefined {
  return unwrap((schema.shape as Record<string, z.ZodType>)[key]) as z.ZodType | undefined;
}

/** The fields of the object at a key path (such as kubernetes.ingress), for "did you mean" lists. */
function fieldsOf(path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const segment of path) {
    if (!(s instanceof z.ZodObject)) return [];
    s = unwrap((s.shape as Record<string, unknown>)[String(segment)]);
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Pulumi hands every config value over as a string; numbers, booleans and objects arrive as JSON. */
function decode(key: string, raw: string): unknown {
  const s = unwrapped(key);
  if (s instanceof z.ZodString || s instanceof z.ZodEnum) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

function valueAt(root: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Parses the raw stack config (`pulumi.runtime.allConfig()`: `datahub:key` → string) into a
 * StackConfig. Pure. Throws a StackConfigError listing every problem.
 */
export function parseStackConfig(
  stack: string,
  raw: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string> = new Set(),
): StackConfig {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const secrets = { slackWebhookUrl: false, smtpPassword: false, registryPassword: false };
  for (const [fullKey, rawValue] of Object.entries(raw)) {
    const [namespace, ...rest] = fullKey.split(':');
    if (namespace !== NAMESPACE) continue;
    const key = rest.join(':');
    if ((SECRET_KEYS as readonly string[]).includes(key)) {
      if (!secretKeys.has(fullKey)) {
        problems.push(
          `datahub:${key} is stored in plain text; set it with \`pulumi config set --secret --stack ${stack} datahub:${key} <value>\``,
        );
      } else if (rawValue.trim() === '') {
        problems.push(
          `datahub:${key} is empty; set it with \`pulumi config set --secret --stack ${stack} datahub:${key} <value>\``,
        );
      } else {
        secrets[key as SecretKey] = true;
      }
      continue;
    }
    if (!KNOWN_KEYS.includes(key)) {
      problems.push(
        `datahub:${key} is not a known key${suggestion(key, KNOWN_KEYS)} (known: ${KNOWN_KEYS.join(', ')})`,
      );
      continue;
    }
    values[key] = decode(key, rawValue);
  }

  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = `datahub:${issue.path.map(String).join('.')}`;
      if (issue.code === 'unrecognized_keys') {
        const allowed = fieldsOf(issue.path);
        for (const unknown of issue.keys) {
          problems.push(
            `${key}.${unknown} is not a known field${suggestion(unknown, allowed).replace('datahub:', `${key}.`)} (known: ${allowed.join(', ')})`,
          );
        }
        continue;
      }
      const value = valueAt(values, issue.path);
      problems.push(`${key} ${issue.message} (got ${value === undefined ? 'nothing' : show(value)})`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(stack, problems);

  const config = parsed.data;
  problems.push(...crossFieldProblems(stack, config, secrets, new Set(Object.keys(values))));
  if (problems.length > 0) throw new StackConfigError(stack, problems);
  return { ...config, stack, maxObjectBytes: config.maxObjectMb * MiB, secrets };
}

function crossFieldProblems(
  stack: string,
  config: z.infer<typeof schema>,
  secrets: Readonly<Record<SecretKey, boolean>>,
  setKeys: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const setSecret = (key: SecretKey) => `\`pulumi config set --secret --stack ${stack} datahub:${key} <value>\``;
  const a = config.alerting;
  if (a.slackChannel && !secrets.slackWebhookUrl) {
    problems.push(`datahub:alerting.slackChannel is set but the Slack webhook is not: ${setSecret('slackWebhookUrl')}`);
  }
  if (secrets.slackWebhookUrl && !a.slackChannel) {
    problems.push(
      'datahub:slackWebhookUrl is set but datahub:alerting.slackChannel is not: name the channel, such as #datahub-alerts',
    );
  }
  const email = [a.emailTo, a.emailFrom, a.smtpSmarthost];
  if (email.some(Boolean) && !email.every(Boolean)) {
    problems.push('datahub:alerting.emailTo, emailFrom and smtpSmarthost go together: set all three, or none');
  }
  if (a.smtpUsername && !secrets.smtpPassword) {
    problems.push(`datahub:alerting.smtpUsername is set but the SMTP password is not: ${setSecret('smtpPassword')}`);
  }
  if (config.platform === 'docker') problems.push(...dockerProblems(stack, config, setKeys));
  else problems.push(...kubernetesProblems(stack, config, secrets, setKeys));
  if (config.pinImagesByDigest) {
    for (const [name, image] of Object.entries(config.images)) {
      if (!isPinnedByDigest(image)) {
        problems.push(
          `datahub:images.${name} "${image}" must be pinned by digest on this stack (datahub:pinImagesByDigest is true): use "${image}@sha256:<digest>"`,
        );
      }
    }
  }
  if (stack === 'prod' && !config.pinImagesByDigest) {
    problems.push(
      'datahub:pinImagesByDigest must be true on the prod stack (got false): prod runs only images pinned by digest',
    );
  }
  return problems;
}

function dockerProblems(stack: string, config: z.infer<typeof schema>, setKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (setKeys.has('kubernetes')) {
    problems.push(
      `datahub:kubernetes applies to the kubernetes platform only, and this stack runs on docker: remove it (\`pulumi config rm --stack ${stack} datahub:kubernetes\`) or set datahub:platform kubernetes`,
    );
  }
  const seen = new Map<number, string>();
  for (const [name, value] of Object.entries(config.ports)) {
    if (name === 'grafana' && !config.grafana.enabled) continue;
    const previous = seen.get(value);
    if (previous)
      problems.push(
        `datahub:ports.${name} ${value} is already used by datahub:ports.${previous}; each host port must be unique`,
      );
    else seen.set(value, name);
  }
  if (!config.allowPublicBind && !config.bindAddress.startsWith('127.')) {
    problems.push(
      `datahub:bindAddress "${config.bindAddress}" publishes ports beyond this machine; use a loopback address such as 127.0.0.1, or set datahub:allowPublicBind true on purpose`,
    );
  }
  return problems;
}

function kubernetesProblems(
  stack: string,
  config: z.infer<typeof schema>,
  secrets: Readonly<Record<SecretKey, boolean>>,
  setKeys: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const key of DOCKER_ONLY_KEYS) {
    if (setKeys.has(key)) {
      problems.push(
        `datahub:${key} applies to the docker platform only, and this stack runs on kubernetes: remove it (\`pulumi config rm --stack ${stack} datahub:${key}\`); the cluster is configured under datahub:kubernetes`,
      );
    }
  }
  const k = config.kubernetes;
  if (!k) {
    problems.push(
      `datahub:kubernetes is required on the kubernetes platform: set at least datahub:kubernetes.registry, the registry the app image is pushed to (\`pulumi config set --stack ${stack} --path datahub:kubernetes.registry registry.example.com/datahub\`)`,
    );
    return problems;
  }
  if (config.appImage !== undefined && !isPinnedByDigest(config.appImage)) {
    problems.push(
      `datahub:appImage "${config.appImage}" must be a registry reference pinned by digest on the kubernetes platform (such as ${k.registry}/datahub-app@sha256:<digest>): the cluster cannot pull a local image id or a movable tag`,
    );
  }
  if (k.registryUsername && !secrets.registryPassword) {
    problems.push(
      `datahub:kubernetes.registryUsername is set but the registry password is not: \`pulumi config set --secret --stack ${stack} datahub:registryPassword <value>\``,
    );
  }
  if (secrets.registryPassword && !k.registryUsername) {
    problems.push(
      'datahub:registryPassword is set but datahub:kubernetes.registryUsername is not: name the user the password belongs to',
    );
  }
  if (k.ingress.enabled && !k.ingress.host) {
    problems.push(
      'datahub:kubernetes.ingress.host is required when ingress.enabled is true: the host name the app is served on, such as datahub.example.com',
    );
  }
  if (k.hpa.enabled && k.hpa.maxReplicas < k.hpa.minReplicas) {
    problems.push(
      `datahub:kubernetes.hpa.maxReplicas ${k.hpa.maxReplicas} is below hpa.minReplicas ${k.hpa.minReplicas}: raise maxReplicas or lower minReplicas`,
    );
  }
  const operator = k.prometheusOperator;
  if (operator.enabled) {
    for (const [key, example] of [
      ['prometheusUrl', 'http://prometheus-operated.monitoring.svc:9090'],
      ['alertmanagerUrl', 'http://alertmanager-operated.monitoring.svc:9093'],
    ] as const) {
      if (!operator[key]) {
        problems.push(
          `datahub:kubernetes.prometheusOperator.${key} is required when prometheusOperator.enabled is true: the cluster's own (such as ${example}), which the stack outputs and the deploy verifies`,
        );
      }
    }
  }
  return problems;
}
