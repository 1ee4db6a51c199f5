import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { APP_ENV, APP_SECRET_ENV, secretFileEnv } from './contract';

const MiB = 1024 * 1024;
/** S3 allows at most 10,000 parts, so the part size bounds the largest streamed object. */
export const MAX_PARTS = 10_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly storage: {
    readonly endPoint: string;
    readonly port: number;
    readonly useSSL: boolean;
    readonly accessKey: string;
    readonly secretKey: string;
    readonly bucket: string;
    readonly region: string;
    /** Base URL clients use to reach MinIO directly; presigned URLs are signed for it. */
    readonly publicUrl: URL | undefined;
    readonly partSizeBytes: number;
    readonly timeoutMs: number;
  };
  readonly maxObjectBytes: number;
  readonly presignMaxSeconds: number;
  readonly readinessCacheMs: number;
  readonly shutdownDelayMs: number;
  readonly shutdownGraceMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** A configuration error: one line naming the variable and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type SecretVar = (typeof APP_SECRET_ENV)[number];
const isSecretVar = (name: string): name is SecretVar => (APP_SECRET_ENV as readonly string[]).includes(name);

const int = (min: number, max: number, hint: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a whole number ${hint}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be ${hint}` })
        .max(max, { message: `must be ${hint}` }),
    );

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }))
  .transform((v) => v === 'true' || v === '1');

// S3 bucket naming rules (lower case, digits, dots and hyphens, 3-63 chars, not an IP address).
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be 3-63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit',
  })
  .refine((v) => !/^\d+\.\d+\.\d+\.\d+$/.test(v) && !v.includes('..'), {
    message: 'must not look like an IP address or contain ".."',
  });

const hostName = z
  .string()
  .trim()
  .min(1, { message: 'must be a host name or IP address, for example "minio" or "127.0.0.1"' })
  .refine((v) => !v.includes('://') && !v.includes('/'), {
    message: `must be a bare host name without scheme or path, for example "minio" (set ${APP_ENV.minioPort} and ${APP_ENV.minioUseSsl} separately)`,
  });

const schema = z.object({
  [APP_ENV.host]: z
    .string()
    .trim()
    .min(1, { message: 'must be an address to listen on, such as 0.0.0.0' })
    .default('0.0.0.0'),
  [APP_ENV.port]: int(0, 65535, 'from 0 to 65535').default(8080),
  [APP_ENV.minioEndpoint]: hostName,
  [APP_ENV.minioPort]: int(1, 65535, 'from 1 to 65535').default(9000),
  [APP_ENV.minioUseSsl]: bool.default(false),
  [APP_ENV.minioAccessKey]: z.string().min(3, { message: 'must be at least 3 characters' }),
  [APP_ENV.minioSecretKey]: z.string().min(8, { message: 'must be at least 8 characters' }),
  [APP_ENV.minioBucket]: bucketName.default('datahub'),
  [APP_ENV.minioRegion]: z
    .string()
    .trim()
    .min(1, { message: 'must be a region name such as us-east-1' })
    .default('us-east-1'),
  [APP_ENV.minioPublicUrl]: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:9000' })
    .transform((v) => new URL(v))
    .optional(),
  [APP_ENV.minioPartSizeMb]: int(5, 512, 'from 5 to 512 (MiB per multipart part)').default(8),
  [APP_ENV.minioTimeoutMs]: int(100, 600_000, 'from 100 to 600000').default(10_000),
  [APP_ENV.maxObjectBytes]: int(1, Number.MAX_SAFE_INTEGER, 'a positive number of bytes').default(5 * 1024 * MiB),
  [APP_ENV.presignMaxSeconds]: int(1, 604_800, 'from 1 to 604800 (7 days, the S3 limit)').default(3600),
  [APP_ENV.readinessCacheMs]: int(0, 60_000, 'from 0 to 60000').default(1000),
  [APP_ENV.shutdownDelayMs]: int(0, 600_000, 'from 0 to 600000').default(0),
  [APP_ENV.shutdownGraceMs]: int(0, 600_000, 'from 0 to 600000').default(25_000),
  [APP_ENV.logLevel]: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

type Env = Readonly<Record<string, string | undefined>>;

/** Resolves `NAME` or `NAME_FILE` (a Docker/Kubernetes secret file); never both. */
function resolveFileVariants(env: Env, names: readonly SecretVar[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of names) {
    const fileVar = secretFileEnv(name);
    const direct = env[name];
    const file = env[fileVar];
    if (direct !== undefined && file !== undefined) {
      throw new ConfigError(`${name} and ${fileVar} are both set: set only one of them`);
    }
    if (file !== undefined) {
      try {
        out[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new ConfigError(
          `${fileVar} points to ${file}, which cannot be read (${reason}): mount the secret file there or fix the path`,
        );
      }
    }
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'configuration');
  const raw = env[name];
  if (raw === undefined && issue.code === 'invalid_type') {
    const hint = isSecretVar(name) ? ` (or ${secretFileEnv(name)})` : '';
    return `${name} is required${hint}: set it in the environment`;
  }
  const shown = isSecretVar(name) || raw === undefined ? '' : ` (got "${raw}")`;
  return `${name} ${issue.message}${shown}`;
}

/** Parses the process environment into an AppConfig, or throws a ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const resolved = resolveFileVariants(env, APP_SECRET_ENV);
  const blanksRemoved = Object.fromEntries(Object.entries(resolved).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new ConfigError(describeIssue(parsed.error.issues[0]!, blanksRemoved));
  }
  // Typed by the schema, whose keys are the contract's names: a renamed variable fails to compile here.
  const e = parsed.data;
  const partSizeBytes = e.MINIO_PART_SIZE_MB * MiB;
  if (e.MAX_OBJECT_BYTES > partSizeBytes * MAX_PARTS) {
    throw new ConfigError(
      `${APP_ENV.maxObjectBytes} must be at most ${APP_ENV.minioPartSizeMb} x ${MAX_PARTS} parts = ${partSizeBytes * MAX_PARTS} bytes (got "${e.MAX_OBJECT_BYTES}"): lower it or raise ${APP_ENV.minioPartSizeMb}`,
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    storage: {
      endPoint: e.MINIO_ENDPOINT,
      port: e.MINIO_PORT,
      useSSL: e.MINIO_USE_SSL,
      accessKey: e.MINIO_ACCESS_KEY,
      secretKey: e.MINIO_SECRET_KEY,
      bucket: e.MINIO_BUCKET,
      region: e.MINIO_REGION,
      publicUrl: e.MINIO_PUBLIC_URL,
      partSizeBytes,
      timeoutMs: e.MINIO_TIMEOUT_MS,
    },
    maxObjectBytes: e.MAX_OBJECT_BYTES,
    presignMaxSeconds: e.PRESIGN_MAX_SECONDS,
    readinessCacheMs: e.READINESS_CACHE_MS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    logLevel: e.LOG_LEVEL,
  };
}
