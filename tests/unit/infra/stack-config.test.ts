import { StackConfigError, isPinnedByDigest, parseStackConfig, tagOf } from '../../../infra/config';
import { stackConfig } from '../../support/pulumi-program';
import { KUBERNETES_DEFAULTS, onKubernetes, problemsOf } from './stack-config-cases';

const digest = 'a'.repeat(64);

describe('parseStackConfig', () => {
  it('parses Pulumi.dev.yaml, Pulumi.prod.yaml and examples/Pulumi.prod-docker.yaml as committed', () => {
    const dev = parseStackConfig('dev', stackConfig('dev'));
    expect(dev).toMatchObject({
      stack: 'dev',
      platform: 'docker',
      bindAddress: '127.0.0.1',
      alertProfile: 'dev',
      protectData: false,
    });
    const prod = parseStackConfig('prod', stackConfig('prod'));
    expect(prod).toMatchObject({
      stack: 'prod',
      platform: 'kubernetes',
      pinImagesByDigest: true,
      protectData: true,
      alertProfile: 'prod',
      kubernetes: {
        namespace: 'datahub-prod',
        registry: 'registry.example.com/datahub',
        appReplicas: 3,
        ingress: { enabled: true, host: 'datahub.example.com', className: 'nginx', tlsSecret: 'datahub-tls' },
        hpa: { enabled: false },
        prometheusOperator: { enabled: false, labels: {} },
      },
    });
    expect(prod.kubernetes!.cpu.minio).toEqual({ request: '500m', limit: '2' });
    expect(Object.values(prod.images).every(isPinnedByDigest)).toBe(true);
    const docker = parseStackConfig('prod', stackConfig('examples/Pulumi.prod-docker.yaml'));
    expect(docker).toMatchObject({
      platform: 'docker',
      pinImagesByDigest: true,
      protectData: true,
      restartPolicy: 'always',
    });
    expect(docker.kubernetes).toBeUndefined();
  });

  it('fills every kubernetes default but the registry', () => {
    const config = parseStackConfig('staging', onKubernetes());
    expect(config.kubernetes).toEqual(KUBERNETES_DEFAULTS);
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
      'the kubernetes platform without its block',
      'dev',
      { 'datahub:platform': 'kubernetes' },
      'datahub:kubernetes is required on the kubernetes platform: set at least datahub:kubernetes.registry',
    ],
    [
      'a kubernetes block without a registry',
      'dev',
      { 'datahub:platform': 'kubernetes', 'datahub:kubernetes': '{"namespace":"datahub"}' },
      'datahub:kubernetes.registry must be the registry the app image is pushed to, such as registry.example.com/datahub (got nothing)',
    ],
    [
      'a registry with a tag',
      'dev',
      onKubernetes({ registry: 'registry.example.com/datahub:1.0' }),
      'datahub:kubernetes.registry must be the registry the app image is pushed to',
    ],
    [
      'a Docker-only key on the kubernetes platform',
      'dev',
      onKubernetes({}, { 'datahub:ports': '{"app":8080}' }),
      'datahub:ports applies to the docker platform only, and this stack runs on kubernetes: remove it (`pulumi config rm --stack dev datahub:ports`)',
    ],
    [
      'a kubernetes block on the docker platform',
      'dev',
      { 'datahub:kubernetes': '{"registry":"registry.example.com/datahub"}' },
      'datahub:kubernetes applies to the kubernetes platform only, and this stack runs on docker',
    ],
    [
      'a single app replica',
      'dev',
      onKubernetes({ appReplicas: 1 }),
      'datahub:kubernetes.appReplicas must be at least 2: with one replica every rollout or node drain is an outage (got 1)',
    ],
    [
      'an autoscaler that may go below two replicas',
      'dev',
      onKubernetes({ hpa: { enabled: true, minReplicas: 1 } }),
      'datahub:kubernetes.hpa.minReplicas must be at least 2',
    ],
    [
      'an autoscaler whose maximum is below its minimum',
      'dev',
      onKubernetes({ hpa: { enabled: true, minReplicas: 4, maxReplicas: 3 } }),
      'datahub:kubernetes.hpa.maxReplicas 3 is below hpa.minReplicas 4',
    ],
    [
      'a namespace Kubernetes would refuse',
      'dev',
      onKubernetes({ namespace: 'Data_Hub' }),
      'datahub:kubernetes.namespace must be a Kubernetes namespace name',
    ],
    [
      'a CPU quantity Kubernetes would refuse',
      'dev',
      onKubernetes({ cpu: { app: { request: '1 core' } } }),
      'datahub:kubernetes.cpu.app.request must be a CPU quantity such as 250m or 1 (got "1 core")',
    ],
    [
      'a volume size of zero',
      'dev',
      onKubernetes({ volumeGb: { minio: 0 } }),
      'datahub:kubernetes.volumeGb.minio must be from 1 to 65536 (GiB) (got 0)',
    ],
    [
      'an unknown nested kubernetes field, with a suggestion',
      'dev',
      onKubernetes({ ingress: { enabled: true, hots: 'datahub.example.com' } }),
      'datahub:kubernetes.ingress.hots is not a known field; did you mean datahub:kubernetes.ingress.host?',
    ],
    [
      'an ingress without a host',
      'dev',
      onKubernetes({ ingress: { enabled: true } }),
      'datahub:kubernetes.ingress.host is required when ingress.enabled is true',
    ],
    [
      'operator mode without the cluster Prometheus URL',
      'dev',
      onKubernetes({ prometheusOperator: { enabled: true, alertmanagerUrl: 'http://am.monitoring.svc:9093' } }),
      'datahub:kubernetes.prometheusOperator.prometheusUrl is required when prometheusOperator.enabled is true',
    ],
    [
      'a local image id as the app image on kubernetes',
      'dev',
      onKubernetes({}, { 'datahub:appImage': `sha256:${digest}` }),
      'datahub:appImage "sha256:aaaa',
    ],
    [
      'a registry user without its password',
      'dev',
      onKubernetes({ registryUsername: 'deploy' }),
      'datahub:kubernetes.registryUsername is set but the registry password is not: `pulumi config set --secret --stack dev datahub:registryPassword <value>`',
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
    expect(config.secrets).toEqual({ slackWebhookUrl: true, smtpPassword: false, registryPassword: false });
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

  it('takes local-driver options for the data volumes, and refuses a bad option name', () => {
    expect(parseStackConfig('dev', {}).dataVolumeDriverOpts).toEqual({});
    const nfs = { type: 'nfs', o: 'addr=10.0.0.5,rw', device: ':/export/datahub' };
    expect(
      parseStackConfig('dev', { 'datahub:dataVolumeDriverOpts': JSON.stringify(nfs) }).dataVolumeDriverOpts,
    ).toEqual(nfs);
    expect(problemsOf('dev', { 'datahub:dataVolumeDriverOpts': '{"Bad Name":"x"}' }).join('\n')).toMatch(
      /datahub:dataVolumeDriverOpts must be a map of driver option names/,
    );
    expect(
      problemsOf('prod', onKubernetes({}, { 'datahub:dataVolumeDriverOpts': '{"type":"nfs"}' })).join('\n'),
    ).toContain('datahub:dataVolumeDriverOpts');
  });

  it('does not count a disabled Grafana port as a duplicate', () => {
    expect(() =>
      parseStackConfig('dev', { 'datahub:ports': '{"grafana":9090}', 'datahub:grafana': '{"enabled":false}' }),
    ).not.toThrow();
  });
});

describe('the kubernetes platform', () => {
  it('accepts a registry login with its password set as a secret', () => {
    const config = parseStackConfig(
      'dev',
      onKubernetes({ registryUsername: 'deploy' }, { 'datahub:registryPassword': 'p' }),
      new Set(['datahub:registryPassword']),
    );
    expect(config.secrets.registryPassword).toBe(true);
  });

  it('accepts a rollback image pinned by digest in the registry', () => {
    const image = `registry.example.com/datahub/datahub-app@sha256:${digest}`;
    expect(parseStackConfig('dev', onKubernetes({}, { 'datahub:appImage': image })).appImage).toBe(image);
  });

  it('keeps the Docker-only keys at their defaults, unread', () => {
    expect(parseStackConfig('dev', onKubernetes()).ports.app).toBe(8080);
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
