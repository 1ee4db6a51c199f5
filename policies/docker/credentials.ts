/**
 * Credentials passed to containers through env: never a default, a well-known or a short one.
 * Values are never quoted in messages: they may be real secrets, and messages end up in CI logs.
 */
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { isUnknown } from '../shared/props';
import { configOf } from '../shared/validate';
import { envOf, forContainers, serviceOf } from './resources';
import { integerOption, stringListOption } from '../shared/config-options';

export interface CredentialsConfig {
  readonly minPasswordLength: number;
  /** Compared case-insensitively with every credential (users and secrets). */
  readonly weakPasswords: readonly string[];
}
export const CREDENTIALS_DEFAULTS: CredentialsConfig = {
  minPasswordLength: 16,
  weakPasswords: [
    'minioadmin',
    'minio123',
    'admin',
    'administrator',
    'password',
    'passw0rd',
    'changeme',
    'secret',
    'root',
    'grafana',
    'default',
    'letmein',
    'qwerty',
    'test',
    '123456',
    '12345678',
    'password123',
    'admin123',
  ],
};

/** Env vars holding a secret: checked against the weak list and the minimum length. */
const SECRET_VARS = ['MINIO_ROOT_PASSWORD', 'MINIO_SECRET_KEY', 'GF_SECURITY_ADMIN_PASSWORD'] as const;
/** Env vars holding a user name or access key: checked against the weak list (a default user is half a default login). */
const USER_VARS = ['MINIO_ROOT_USER', 'MINIO_ACCESS_KEY'] as const;

/** Where each service reads its admin secret from, and what it falls back to without one. */
const DEFAULT_LOGINS = {
  minio: {
    vars: ['MINIO_ROOT_PASSWORD', 'MINIO_ROOT_PASSWORD_FILE', 'MINIO_SECRET_KEY', 'MINIO_SECRET_KEY_FILE'],
    fallback: 'minioadmin:minioadmin',
    fix: 'set MINIO_ROOT_USER and MINIO_ROOT_PASSWORD from a generated secret (@pulumi/random RandomPassword)',
  },
  grafana: {
    vars: ['GF_SECURITY_ADMIN_PASSWORD', 'GF_SECURITY_ADMIN_PASSWORD__FILE'],
    fallback: 'admin:admin',
    fix: 'set GF_SECURITY_ADMIN_PASSWORD from a generated secret (@pulumi/random RandomPassword)',
  },
} as const;

export const noWeakCredentials: ResourceValidationPolicy = {
  name: 'no-weak-credentials',
  description:
    'Checks that MinIO and Grafana credentials in a container env are set, not well-known defaults, and long enough.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      minPasswordLength: integerOption(
        CREDENTIALS_DEFAULTS.minPasswordLength,
        8,
        'The shortest password or secret key accepted.',
      ),
      weakPasswords: stringListOption(
        CREDENTIALS_DEFAULTS.weakPasswords,
        'Values never accepted as a user, password or key (case-insensitive).',
      ),
    },
  },
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    const { minPasswordLength, weakPasswords } = configOf(args, CREDENTIALS_DEFAULTS);
    // Unknown during preview (a generated password on its first deployment): nothing to judge yet.
    const env = envOf(props);
    if (isUnknown(env)) return;
    const weak = new Set(weakPasswords.map((w) => w.toLowerCase()));
    const generate =
      'generate it instead (@pulumi/random RandomPassword, kept a secret Output) or set it with `pulumi config set --secret`';

    for (const name of [...USER_VARS, ...SECRET_VARS]) {
      const value = env.vars.get(name);
      if (value !== undefined && weak.has(value.trim().toLowerCase())) {
        reportViolation(
          `${label} sets ${name} to a default or well-known value. Credentials must never be defaults or ` +
            'dictionary words: they are the first thing anyone who reaches the port tries. ' +
            `Fix: ${generate}.`,
        );
      }
    }
    for (const name of SECRET_VARS) {
      const value = env.vars.get(name);
      if (value !== undefined && !weak.has(value.trim().toLowerCase()) && value.length < minPasswordLength) {
        reportViolation(
          `${label} sets ${name} to a value of ${value.length} characters, shorter than the minimum of ${minPasswordLength}. ` +
            'Short secrets fall to brute force. ' +
            `Fix: use at least ${minPasswordLength} random characters; ${generate}.`,
        );
      }
    }

    // Without any of its variables a service logs in with its built-in default.
    const service = serviceOf(props);
    if ((service === 'minio' || service === 'grafana') && env.complete) {
      const login = DEFAULT_LOGINS[service];
      if (!login.vars.some((v) => env.vars.has(v))) {
        reportViolation(
          `${label} runs ${service} without ${login.vars[0]}, so it starts with the built-in login ${login.fallback}. ` +
            'Services must never run with default credentials: anyone who reaches the port is admin. ' +
            `Fix: ${login.fix}, passed as a secret.`,
        );
      }
    }
  }),
};

const isTrue = (value: string | undefined) => value !== undefined && value.trim().toLowerCase() === 'true';

export const grafanaNoAnonymousAdmin: ResourceValidationPolicy = {
  name: 'grafana-no-anonymous-admin',
  description: 'Checks that Grafana anonymous access, when enabled, never grants the Admin role.',
  enforcementLevel: 'mandatory',
  validateResource: forContainers(({ props, label, reportViolation }) => {
    const env = envOf(props);
    if (isUnknown(env)) return;
    const role = env.vars.get('GF_AUTH_ANONYMOUS_ORG_ROLE');
    if (isTrue(env.vars.get('GF_AUTH_ANONYMOUS_ENABLED')) && role?.trim().toLowerCase() === 'admin') {
      reportViolation(
        `${label} enables Grafana anonymous access with GF_AUTH_ANONYMOUS_ORG_ROLE=${role}. Anonymous users must ` +
          'never be Admin: anyone who reaches Grafana could change data sources, users and alerting. ' +
          'Fix: set GF_AUTH_ANONYMOUS_ENABLED=false, or GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer for a read-only wall display.',
      );
    }
  }),
};

export const dockerCredentialPolicies: readonly ResourceValidationPolicy[] = [
  noWeakCredentials,
  grafanaNoAnonymousAdmin,
];
