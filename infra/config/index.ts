import { z } from 'zod';
import { imagePinningProblems, receiverProblems } from './cross-field';
import { DOCKER_FIELDS, DOCKER_ONLY_KEYS, type DockerOnlyKey, dockerProblems } from './docker-keys';
import { innerSchema, strictObject } from './fields';
import { KUBERNETES_FIELDS, KUBERNETES_KEYS, kubernetesProblems } from './kubernetes-keys';
import { StackConfigError, issueProblems, suggestion } from './problems';
import { PLATFORMS, SHARED_FIELDS } from './shared-schema';

export { DOCKER_ONLY_KEYS, RESTART_POLICIES } from './docker-keys';
export { isPinnedByDigest, tagOf } from './image-refs';
export type { KubernetesConfig } from './kubernetes-keys';
export { StackConfigError } from './problems';
export { ALERT_PROFILES, DEFAULT_PLATFORM, LOG_LEVELS, PLATFORMS, SERVICES, type Service } from './shared-schema';

/** The config namespace of every key this program reads (`datahub:<key>`). */
export const NAMESPACE = 'datahub';

const MiB = 1024 * 1024;

/**
 * Every `datahub:*` key but the secrets, composed from the parts that own them. Listed one by one
 * because the order is behaviour: problems come in it, the "known:" list of an unknown key follows
 * it and a did-you-mean tie goes to the earlier key. `satisfies` keeps every key of every part listed.
 */
const schema = strictObject({
  platform: SHARED_FIELDS.platform,
  bindAddress: DOCKER_FIELDS.bindAddress,
  allowPublicBind: DOCKER_FIELDS.allowPublicBind,
  ports: DOCKER_FIELDS.ports,
  images: SHARED_FIELDS.images,
  pinImagesByDigest: SHARED_FIELDS.pinImagesByDigest,
  appImage: SHARED_FIELDS.appImage,
  bucket: SHARED_FIELDS.bucket,
  logLevel: SHARED_FIELDS.logLevel,
  maxObjectMb: SHARED_FIELDS.maxObjectMb,
  alertProfile: SHARED_FIELDS.alertProfile,
  scrapeInterval: SHARED_FIELDS.scrapeInterval,
  evaluationInterval: SHARED_FIELDS.evaluationInterval,
  retention: SHARED_FIELDS.retention,
  memoryMb: SHARED_FIELDS.memoryMb,
  restartPolicy: DOCKER_FIELDS.restartPolicy,
  protectData: SHARED_FIELDS.protectData,
  dataVolumeDriverOpts: DOCKER_FIELDS.dataVolumeDriverOpts,
  logRotation: DOCKER_FIELDS.logRotation,
  grafana: SHARED_FIELDS.grafana,
  alerting: SHARED_FIELDS.alerting,
  dockerHost: DOCKER_FIELDS.dockerHost,
  kubernetes: KUBERNETES_FIELDS.kubernetes,
} satisfies Record<keyof typeof SHARED_FIELDS | DockerOnlyKey | keyof typeof KUBERNETES_FIELDS, z.ZodType>);

/** Keys that hold secrets: read only through `pulumi.Config.getSecret`, never parsed into StackConfig. */
export const SECRET_KEYS = ['slackWebhookUrl', 'smtpPassword', 'registryPassword'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

type ParsedKeys = z.infer<typeof schema>;

export type StackConfig = ParsedKeys & {
  /** The Pulumi stack name. */
  readonly stack: string;
  readonly maxObjectBytes: number;
  /** Which secret keys are set (their values stay out of StackConfig). */
  readonly secrets: Readonly<Record<SecretKey, boolean>>;
};

export const KNOWN_KEYS: readonly string[] = [...Object.keys(schema.shape), ...SECRET_KEYS];

/** Pulumi hands every config value over as a string; numbers, booleans and objects arrive as JSON. */
function decode(key: string, raw: string): unknown {
  const s = innerSchema((schema.shape as Record<string, z.ZodType>)[key]);
  if (s instanceof z.ZodString || s instanceof z.ZodEnum) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
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
  if (!parsed.success) problems.push(...issueProblems(schema, values, parsed.error.issues));
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(stack, problems);

  const config = parsed.data;
  problems.push(...crossFieldProblems(stack, config, secrets, new Set(Object.keys(values))));
  if (problems.length > 0) throw new StackConfigError(stack, problems);
  return { ...config, stack, maxObjectBytes: config.maxObjectMb * MiB, secrets };
}

/** What the schema cannot see key by key: fields that go together, and the checks of the stack's platform. */
function crossFieldProblems(
  stack: string,
  config: ParsedKeys,
  secrets: Readonly<Record<SecretKey, boolean>>,
  setKeys: ReadonlySet<string>,
): string[] {
  return [
    ...receiverProblems(stack, config.alerting, secrets),
    ...PLATFORM_CONFIG[config.platform].problems(stack, config, setKeys, secrets),
    ...imagePinningProblems(stack, config),
  ];
}

/** The keys only one platform reads, and the checks only it makes (part of its Platform, infra/platform.ts). */
export interface PlatformConfig {
  readonly keys: readonly string[];
  problems(
    stack: string,
    config: ParsedKeys,
    setKeys: ReadonlySet<string>,
    secrets: Readonly<Record<SecretKey, boolean>>,
  ): string[];
}

/** Adding a platform: its keys module, and its entry here. */
export const PLATFORM_CONFIG: Readonly<Record<(typeof PLATFORMS)[number], PlatformConfig>> = {
  docker: { keys: DOCKER_ONLY_KEYS, problems: dockerProblems },
  kubernetes: { keys: KUBERNETES_KEYS, problems: kubernetesProblems },
};
