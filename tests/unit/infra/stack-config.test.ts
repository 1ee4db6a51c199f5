import { StackConfigError, isPinnedByDigest, parseStackConfig, tagOf } from '../../../infra/config';
import { stackConfig } from '../../support/pulumi-program';

const digest = 'a'.repeat(64);

function problemsOf(stack: string, raw: Record<string, string>): string[] {
  try {
    parseStackConfig(stack, raw);
  } catch (err) {
    if (err instanceof StackConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a StackConfigError');
}

describe('parseStackConfig', () => {
  it('parses Pulumi.dev.yaml and Pulumi.prod.yaml as committed', () => {
    const dev = parseStackConfig('dev', stackConfig('dev'));
    expect(dev).toMatchObject({
      stack: 'dev',
      platform: 'docker',
      bindAddress: '127.0.0.1',
      alertProfile: 'dev',
      protectData: false,
    });
    const prod = parseStackConfig('prod', stackConfig('prod'));
    expect(prod).toMatchObject({ stack: 'prod', pinImagesByDigest: true, protectData: true, alertProfile: 'prod' });
    expect(Object.values(prod.images).every(isPinnedByDigest)).toBe(true);
  });

  it('fills every default when a stack sets nothing', () => {
    const config = parseStackConfig('staging', {});
    expect(config).toMatchObject({
      platform: 'docker',
      bindAddress: '127.0.0.1',
      ports: { app: 8080, minioApi: 9000, minioConsole: 9001, prometheus: 9090, alertmanager: 9093, grafana: 3000 },
      protectData: true,
      maxObjectBytes: 5120 * 1024 * 1024,
    });
  });

  it('ignores keys of other namespaces', () => {
    expect(() => parseStackConfig('dev', { 'docker:host': 'unix:///x', 'pulumi:tags': '{}' })).not.toThrow();
  });

  it.each<[string, string, Record<string, string>, string]>([
    [
      'an unknown key, with a suggestion',
      'dev',
      { 'datahub:prots': '{}' },
      'datahub:prots is not a known key; did you mean datahub:ports?',
    ],
    [
      'an unknown nested field',
      'dev',
      { 'datahub:ports': '{"ap":1}' },
      'datahub:ports.ap is not a known field; did you mean datahub:ports.app?',
    ],
    [
      'an unknown platform',
      'dev',
      { 'datahub:platform': 'nomad' },
      'datahub:platform must be one of docker, kubernetes (got "nomad")',
    ],
    [
      'the platform that is not built yet',
      'dev',
      { 'datahub:platform': 'kubernetes' },
      'datahub:platform "kubernetes" is not available yet',
    ],
    [
      'a port of the wrong type',
      'dev',
      { 'datahub:ports': '{"app":"http"}' },
      'datahub:ports.app must be a whole number from 1 to 65535 (got "http")',
    ],
    [
      'a port out of range',
      'dev',
      { 'datahub:ports': '{"grafana":70000}' },
      'datahub:ports.grafana must be from 1 to 65535 (got 70000)',
    ],
    [
      'a fractional port',
      'dev',
      { 'datahub:ports': '{"app":80.5}' },
      'datahub:ports.app must be a whole number from 1 to 65535 (got 80.5)',
    ],
    [
      'duplicate host ports',
      'dev',
      { 'datahub:ports': '{"grafana":9090}' },
      'datahub:ports.grafana 9090 is already used by datahub:ports.prometheus',
    ],
    [
      'a boolean that is not one',
      'dev',
      { 'datahub:protectData': 'yes' },
      'datahub:protectData must be true or false (got "yes")',
    ],
    [
      'a bind address that is not an IPv4 address',
      'dev',
      { 'datahub:bindAddress': 'localhost' },
      'datahub:bindAddress must be an IPv4 address such as 127.0.0.1 (got "localhost")',
    ],
    [
      'a public bind without consent',
      'dev',
      { 'datahub:bindAddress': '0.0.0.0' },
      'datahub:bindAddress "0.0.0.0" publishes ports beyond this machine',
    ],
    [
      'an image tagged latest',
      'dev',
      { 'datahub:images': '{"grafana":"grafana/grafana:latest"}' },
      'datahub:images.grafana must pin a version tag: "latest"',
    ],
    [
      'an image with no tag',
      'dev',
      { 'datahub:images': '{"minio":"minio/minio"}' },
      'datahub:images.minio must pin a version tag',
    ],
    [
      'an image tagged latest in prod',
      'prod',
      { ...stackConfig('prod'), 'datahub:images': JSON.stringify({ minio: `minio/minio:latest@sha256:${digest}` }) },
      'datahub:images.minio must pin a version tag: "latest"',
    ],
    [
      'a prod stack without digest pinning',
      'prod',
      { 'datahub:pinImagesByDigest': 'false' },
      'datahub:pinImagesByDigest must be true on the prod stack (got false)',
    ],
    [
      'an image without digest where digests are required',
      'dev',
      { 'datahub:pinImagesByDigest': 'true' },
      'datahub:images.minio "minio/minio:RELEASE.2025-04-22T22-12-26Z" must be pinned by digest on this stack',
    ],
    [
      'a malformed image reference',
      'dev',
      { 'datahub:images': '{"prometheus":"Prom/Prometheus:v3"}' },
      'datahub:images.prometheus must be an image reference',
    ],
    [
      'a bad duration',
      'dev',
      { 'datahub:scrapeInterval': '15 seconds' },
      'datahub:scrapeInterval must be a Prometheus duration such as 15s (got "15 seconds")',
    ],
    [
      'a bad retention size',
      'dev',
      { 'datahub:retention': '{"prometheusSize":"lots"}' },
      'datahub:retention.prometheusSize must be a size such as 10GB (got "lots")',
    ],
    [
      'a memory limit too small',
      'dev',
      { 'datahub:memoryMb': '{"minio":16}' },
      'datahub:memoryMb.minio must be at least 128 (MiB) (got 16)',
    ],
    [
      'an unknown alert profile',
      'dev',
      { 'datahub:alertProfile': 'staging' },
      'datahub:alertProfile must be one of dev, prod (got "staging")',
    ],
    ['an invalid bucket name', 'dev', { 'datahub:bucket': 'Data_Hub' }, 'datahub:bucket must be an S3 bucket name'],
    [
      'an unknown restart policy',
      'dev',
      { 'datahub:restartPolicy': 'sometimes' },
      'datahub:restartPolicy must be one of always, unless-stopped, on-failure (got "sometimes")',
    ],
    [
      'a webhook that is not a URL',
      'dev',
      { 'datahub:alerting': '{"webhookUrl":"alerts"}' },
      'datahub:alerting.webhookUrl must be an http(s) URL (got "alerts")',
    ],
    [
      'a Docker host without scheme',
      'dev',
      { 'datahub:dockerHost': '/var/run/docker.sock' },
      'datahub:dockerHost must be a Docker host URL',
    ],
    [
      'a log level Pino does not know',
      'dev',
      { 'datahub:logLevel': 'verbose' },
      'datahub:logLevel must be one of fatal, error, warn, info, debug, trace (got "verbose")',
    ],
  ])('refuses %s', (_label, stack, raw, message) => {
    const problems = problemsOf(stack, raw);
    expect(problems.some((p) => p.includes(message))).toBe(true);
  });

  it.each<[string, Record<string, string>, Set<string>, string]>([
    [
      'a secret stored in plain text',
      { 'datahub:slackWebhookUrl': 'https://hooks.example/x', 'datahub:alerting': '{"slackChannel":"#a"}' },
      new Set(),
      'datahub:slackWebhookUrl is stored in plain text; set it with `pulumi config set --secret',
    ],
    [
      'a Slack channel without its webhook',
      { 'datahub:alerting': '{"slackChannel":"#a"}' },
      new Set(),
      'datahub:alerting.slackChannel is set but the Slack webhook is not',
    ],
    [
      'half an email set-up',
      { 'datahub:alerting': '{"emailTo":"a@example.com"}' },
      new Set(),
      'emailTo, emailFrom and smtpSmarthost go together',
    ],
    [
      'an SMTP user without password',
      {
        'datahub:alerting':
          '{"emailTo":"a@example.com","emailFrom":"b@example.com","smtpSmarthost":"s:25","smtpUsername":"u"}',
      },
      new Set(),
      'the SMTP password is not',
    ],
  ])('refuses %s', (_label, raw, secretKeys, message) => {
    try {
      parseStackConfig('dev', raw, secretKeys);
      throw new Error('expected a StackConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(StackConfigError);
      expect((err as StackConfigError).problems.join('\n')).toContain(message);
    }
  });

  it('records which secrets are set without keeping their values', () => {
    const config = parseStackConfig(
      'dev',
      { 'datahub:slackWebhookUrl': 'https://hooks.example/x', 'datahub:alerting': '{"slackChannel":"#a"}' },
      new Set(['datahub:slackWebhookUrl']),
    );
    expect(config.secrets).toEqual({ slackWebhookUrl: true, smtpPassword: false });
    expect(JSON.stringify(config)).not.toContain('hooks.example');
  });

  it('lists every problem at once, and says how to fix them', () => {
    try {
      parseStackConfig('dev', { 'datahub:platform': 'nomad', 'datahub:bucket': 'X', 'datahub:oops': '1' });
      throw new Error('expected a StackConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(StackConfigError);
      const message = (err as Error).message;
      expect(message).toContain('stack "dev" has invalid configuration (Pulumi.dev.yaml):');
      expect(message).toContain('datahub:oops is not a known key');
      expect(message).toContain('datahub:platform must be one of');
      expect(message).toContain('datahub:bucket must be an S3 bucket name');
      expect(message).toContain('pulumi config set --stack dev --path datahub:<key> <value>');
    }
  });

  it('turns the bind address into the host of every published URL only when it is allowed', () => {
    const config = parseStackConfig('dev', { 'datahub:bindAddress': '0.0.0.0', 'datahub:allowPublicBind': 'true' });
    expect(config.bindAddress).toBe('0.0.0.0');
  });

  it('does not count a disabled Grafana port as a duplicate', () => {
    expect(() =>
      parseStackConfig('dev', { 'datahub:ports': '{"grafana":9090}', 'datahub:grafana': '{"enabled":false}' }),
    ).not.toThrow();
  });
});

describe('image references', () => {
  it.each([
    ['minio/minio:RELEASE.2025-04-22T22-12-26Z', 'RELEASE.2025-04-22T22-12-26Z'],
    ['registry.example.com:5000/team/app:1.2.3', '1.2.3'],
    [`prom/prometheus:v3.5.0@sha256:${digest}`, 'v3.5.0'],
    ['registry.example.com:5000/team/app', undefined],
  ])('reads the tag of %s', (image, tag) => {
    expect(tagOf(image)).toBe(tag);
  });
  it('recognises a digest pin', () => {
    expect(isPinnedByDigest(`a/b:1@sha256:${digest}`)).toBe(true);
    expect(isPinnedByDigest('a/b:1')).toBe(false);
  });
});

describe('the pinned app image of a rollback', () => {
  const id = `sha256:${'b'.repeat(64)}`;
  it('accepts an image id or a reference', () => {
    expect(parseStackConfig('dev', { 'datahub:appImage': id }).appImage).toBe(id);
    expect(parseStackConfig('dev', { 'datahub:appImage': 'datahub-app:0123456789abcdef' }).appImage).toBe(
      'datahub-app:0123456789abcdef',
    );
  });
  it('refuses anything else, naming the key', () => {
    expect(() => parseStackConfig('dev', { 'datahub:appImage': 'Not An Image!' })).toThrow(
      'datahub:appImage must be an image id',
    );
  });
});
