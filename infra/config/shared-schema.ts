import { z } from 'zod';
import { duration, flag, httpUrl, integerIn, oneOf, section } from './fields';
import { imageIdOrRef, imageRef } from './image-refs';

export const PLATFORMS = ['docker', 'kubernetes'] as const;
/** `datahub:platform` when a stack does not set it. */
export const DEFAULT_PLATFORM = 'docker' satisfies (typeof PLATFORMS)[number];
export const ALERT_PROFILES = ['dev', 'prod'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export { SERVICES, type Service } from '../../contracts/services';

/** A container's or pod's memory (request = limit on Kubernetes). */
const memoryMb = (min: number) => integerIn(min, 65536, { unit: 'MiB', capped: true });

/** The `datahub:*` keys both platforms read. */
export const SHARED_FIELDS = {
  platform: oneOf(PLATFORMS).default(DEFAULT_PLATFORM),
  images: section({
    minio: imageRef.default('minio/minio:RELEASE.2025-04-22T22-12-26Z'),
    prometheus: imageRef.default('prom/prometheus:v3.5.0'),
    alertmanager: imageRef.default('prom/alertmanager:v0.28.1'),
    grafana: imageRef.default('grafana/grafana:12.1.1'),
    nodeBase: imageRef.default('node:24-bookworm-slim'),
  }),
  pinImagesByDigest: flag(false),
  /** Runs this app image (a local image id, as a release records it) instead of building app/: set by rollbacks. */
  appImage: imageIdOrRef.optional(),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      message: 'must be an S3 bucket name: 3-63 characters of a-z, 0-9, "." and "-"',
    })
    .default('datahub'),
  logLevel: oneOf(LOG_LEVELS).default('info'),
  maxObjectMb: integerIn(1, 163840, { unit: 'MiB' }).default(5120),
  alertProfile: oneOf(ALERT_PROFILES).default('dev'),
  scrapeInterval: duration('15s'),
  evaluationInterval: duration('15s'),
  retention: section({
    prometheusTime: duration('15d'),
    prometheusSize: z
      .string()
      .regex(/^\d+(B|KB|MB|GB|TB|PB|EB)$/, { message: 'must be a size such as 10GB' })
      .default('10GB'),
    alertmanager: duration('120h'),
  }),
  memoryMb: section({
    minio: memoryMb(128).default(1024),
    app: memoryMb(64).default(256),
    prometheus: memoryMb(128).default(1024),
    alertmanager: memoryMb(32).default(128),
    grafana: memoryMb(64).default(256),
  }),
  protectData: flag(true),
  grafana: section({ enabled: flag(true) }),
  alerting: section({
    /** Receives every alert (and its resolution). */
    webhookUrl: httpUrl.optional(),
    /** Receives the always-firing Watchdog; silence there means alerting is broken. */
    heartbeatUrl: httpUrl.optional(),
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
  }),
};

/** The parsed values of the shared keys. */
export type SharedSettings = z.output<z.ZodObject<typeof SHARED_FIELDS>>;
