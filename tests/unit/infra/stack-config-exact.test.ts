import { parseStackConfig } from '../../../infra/config';
import { stackConfig } from '../../support/pulumi-program';
import { KUBERNETES_DEFAULTS, onKubernetes, problemsOf } from './stack-config-cases';

// Exact outputs and messages of parseStackConfig: what a stack gets for every key it leaves out, and
// the precise line a user reads for each out-of-range number, in the order they are listed.

const NO_SECRETS = { slackWebhookUrl: false, smtpPassword: false, registryPassword: false };

const DEFAULT_CONFIG = {
  platform: 'docker',
  bindAddress: '127.0.0.1',
  allowPublicBind: false,
  ports: { app: 8080, minioApi: 9000, minioConsole: 9001, prometheus: 9090, alertmanager: 9093, grafana: 3000 },
  images: {
    minio: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
    prometheus: 'prom/prometheus:v3.5.0',
    alertmanager: 'prom/alertmanager:v0.28.1',
    grafana: 'grafana/grafana:12.1.1',
    nodeBase: 'node:24-bookworm-slim',
  },
  pinImagesByDigest: false,
  bucket: 'datahub',
  logLevel: 'info',
  maxObjectMb: 5120,
  alertProfile: 'dev',
  scrapeInterval: '15s',
  evaluationInterval: '15s',
  retention: { prometheusTime: '15d', prometheusSize: '10GB', alertmanager: '120h' },
  memoryMb: { minio: 1024, app: 256, prometheus: 1024, alertmanager: 128, grafana: 256 },
  restartPolicy: 'unless-stopped',
  protectData: true,
  dataVolumeDriverOpts: {},
  logRotation: { maxSizeMb: 10, maxFiles: 3 },
  grafana: { enabled: true },
  alerting: { runbookBaseUrl: 'docs/runbooks.md' },
  stack: 'staging',
  maxObjectBytes: 5120 * 1024 * 1024,
  secrets: NO_SECRETS,
};

const PINNED_IMAGES = {
  minio:
    'minio/minio:RELEASE.2025-04-22T22-12-26Z@sha256:a1ea29fa28355559ef137d71fc570e508a214ec84ff8083e39bc5428980b015e',
  prometheus: 'prom/prometheus:v3.5.0@sha256:63805ebb8d2b3920190daf1cb14a60871b16fd38bed42b857a3182bc621f4996',
  alertmanager: 'prom/alertmanager:v0.28.1@sha256:27c475db5fb156cab31d5c18a4251ac7ed567746a2483ff264516437a39b15ba',
  grafana: 'grafana/grafana:12.1.1@sha256:a1701c2180249361737a99a01bc770db39381640e4d631825d38ff4535efa47d',
  nodeBase: 'node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d',
};

/** What Pulumi.prod.yaml and examples/Pulumi.prod-docker.yaml share. */
const PROD_SHARED = {
  images: PINNED_IMAGES,
  pinImagesByDigest: true,
  alertProfile: 'prod',
  retention: { prometheusTime: '30d', prometheusSize: '20GB', alertmanager: '120h' },
  memoryMb: { minio: 2048, app: 512, prometheus: 2048, alertmanager: 256, grafana: 512 },
  protectData: true,
  stack: 'prod',
};

const KNOWN =
  'platform, bindAddress, allowPublicBind, ports, images, pinImagesByDigest, appImage, bucket, logLevel, ' +
  'maxObjectMb, alertProfile, scrapeInterval, evaluationInterval, retention, memoryMb, restartPolicy, ' +
  'protectData, dataVolumeDriverOpts, logRotation, grafana, alerting, dockerHost, kubernetes, ' +
  'slackWebhookUrl, smtpPassword, registryPassword';

describe('parseStackConfig, exactly', () => {
  it('returns every default, and nothing else, for a stack that sets nothing', () => {
    const config = parseStackConfig('staging', {});
    expect(config).toStrictEqual(DEFAULT_CONFIG);
    expect(Object.keys(config)).toEqual(Object.keys(DEFAULT_CONFIG));
  });

  it('returns Pulumi.prod.yaml (Kubernetes) as committed', () => {
    expect(parseStackConfig('prod', stackConfig('prod'))).toStrictEqual({
      ...DEFAULT_CONFIG,
      ...PROD_SHARED,
      platform: 'kubernetes',
      kubernetes: {
        namespace: 'datahub-prod',
        volumeGb: { minio: 200, prometheus: 50, alertmanager: 2, grafana: 2 },
        appReplicas: 3,
        cpu: {
          minio: { request: '500m', limit: '2' },
          app: { request: '250m', limit: '1' },
          prometheus: { request: '500m', limit: '2' },
          alertmanager: { request: '50m', limit: '250m' },
          grafana: { request: '100m', limit: '500m' },
        },
        registry: 'registry.example.com/datahub',
        ingress: { enabled: true, host: 'datahub.example.com', className: 'nginx', tlsSecret: 'datahub-tls' },
        hpa: { enabled: false, minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 },
        prometheusOperator: { enabled: false, labels: {} },
      },
    });
  });

  it('returns examples/Pulumi.prod-docker.yaml (one Docker host) as committed', () => {
    expect(parseStackConfig('prod', stackConfig('examples/Pulumi.prod-docker.yaml'))).toStrictEqual({
      ...DEFAULT_CONFIG,
      ...PROD_SHARED,
      restartPolicy: 'always',
      logRotation: { maxSizeMb: 50, maxFiles: 5 },
    });
  });

  it('fills the fields a stack leaves out of a section it sets', () => {
    expect(
      parseStackConfig('staging', {
        'datahub:ports': '{"app":8081}',
        'datahub:images': '{"grafana":"grafana/grafana:12.2.0"}',
        'datahub:retention': '{"prometheusTime":"7d"}',
        'datahub:memoryMb': '{"app":512}',
        'datahub:logRotation': '{"maxFiles":9}',
        'datahub:grafana': '{}',
        'datahub:alerting': '{"webhookUrl":"https://alerts.example/x"}',
      }),
    ).toStrictEqual({
      ...DEFAULT_CONFIG,
      ports: { ...DEFAULT_CONFIG.ports, app: 8081 },
      images: { ...DEFAULT_CONFIG.images, grafana: 'grafana/grafana:12.2.0' },
      retention: { ...DEFAULT_CONFIG.retention, prometheusTime: '7d' },
      memoryMb: { ...DEFAULT_CONFIG.memoryMb, app: 512 },
      logRotation: { maxSizeMb: 10, maxFiles: 9 },
      alerting: { webhookUrl: 'https://alerts.example/x', runbookBaseUrl: 'docs/runbooks.md' },
    });
    expect(
      parseStackConfig(
        'staging',
        onKubernetes({
          volumeGb: { minio: 5 },
          cpu: { app: { request: '1' } },
          ingress: {},
          hpa: { enabled: true },
          prometheusOperator: { labels: { release: 'kps' } },
        }),
      ),
    ).toStrictEqual({
      ...DEFAULT_CONFIG,
      platform: 'kubernetes',
      kubernetes: {
        ...KUBERNETES_DEFAULTS,
        volumeGb: { ...KUBERNETES_DEFAULTS.volumeGb, minio: 5 },
        cpu: { ...KUBERNETES_DEFAULTS.cpu, app: { request: '1', limit: '1' } },
        hpa: { ...KUBERNETES_DEFAULTS.hpa, enabled: true },
        prometheusOperator: { enabled: false, labels: { release: 'kps' } },
      },
    });
  });

  it('lists every known key, in order, for an unknown one', () => {
    expect(problemsOf('dev', { 'datahub:oops': '1' })).toEqual([
      `datahub:oops is not a known key; did you mean datahub:ports? (known: ${KNOWN})`,
    ]);
  });

  it('lists the known fields of a section for an unknown one, at any depth', () => {
    expect(problemsOf('dev', { 'datahub:ports': '{"ap":1}' })).toEqual([
      'datahub:ports.ap is not a known field; did you mean datahub:ports.app? (known: app, minioApi, minioConsole, prometheus, alertmanager, grafana)',
    ]);
    expect(problemsOf('dev', onKubernetes({ ingress: { hots: 'a.example' }, cpu: { app: { requets: '1' } } }))).toEqual(
      [
        'datahub:kubernetes.cpu.app.requets is not a known field; did you mean datahub:kubernetes.cpu.app.request? (known: request, limit)',
        'datahub:kubernetes.ingress.hots is not a known field; did you mean datahub:kubernetes.ingress.host? (known: enabled, host, className, tlsSecret)',
      ],
    );
    expect(problemsOf('dev', { 'datahub:alerting': '{"slack":"#a"}' })).toEqual([
      'datahub:alerting.slack is not a known field (known: webhookUrl, heartbeatUrl, runbookBaseUrl, slackChannel, emailTo, emailFrom, smtpSmarthost, smtpUsername)',
    ]);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a port',
      { 'datahub:ports': '{"app":"x"}' },
      'datahub:ports.app must be a whole number from 1 to 65535 (got "x")',
    ],
    [
      'a port',
      { 'datahub:ports': '{"app":80.5}' },
      'datahub:ports.app must be a whole number from 1 to 65535 (got 80.5)',
    ],
    ['a port', { 'datahub:ports': '{"app":0}' }, 'datahub:ports.app must be from 1 to 65535 (got 0)'],
    ['a port', { 'datahub:ports': '{"app":65536}' }, 'datahub:ports.app must be from 1 to 65535 (got 65536)'],
    [
      'a port',
      { 'datahub:ports': '{"app":70000.5}' },
      'datahub:ports.app must be a whole number from 1 to 65535 (got 70000.5)',
    ],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"minio":"x"}' },
      'datahub:memoryMb.minio must be a whole number of MiB, at least 128 (got "x")',
    ],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"minio":100.5}' },
      'datahub:memoryMb.minio must be a whole number of MiB, at least 128 (got 100.5)',
    ],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"minio":127}' },
      'datahub:memoryMb.minio must be at least 128 (MiB) (got 127)',
    ],
    ['a memory size', { 'datahub:memoryMb': '{"app":63}' }, 'datahub:memoryMb.app must be at least 64 (MiB) (got 63)'],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"prometheus":127}' },
      'datahub:memoryMb.prometheus must be at least 128 (MiB) (got 127)',
    ],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"alertmanager":31}' },
      'datahub:memoryMb.alertmanager must be at least 32 (MiB) (got 31)',
    ],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"grafana":63}' },
      'datahub:memoryMb.grafana must be at least 64 (MiB) (got 63)',
    ],
    [
      'a memory size',
      { 'datahub:memoryMb': '{"minio":65537}' },
      'datahub:memoryMb.minio must be at most 65536 (MiB) (got 65537)',
    ],
    [
      'a volume size',
      onKubernetes({ volumeGb: { prometheus: 'x' } }),
      'datahub:kubernetes.volumeGb.prometheus must be a whole number of GiB from 1 to 65536 (got "x")',
    ],
    [
      'a volume size',
      onKubernetes({ volumeGb: { prometheus: 1.5 } }),
      'datahub:kubernetes.volumeGb.prometheus must be a whole number of GiB from 1 to 65536 (got 1.5)',
    ],
    [
      'a volume size',
      onKubernetes({ volumeGb: { prometheus: 65537 } }),
      'datahub:kubernetes.volumeGb.prometheus must be from 1 to 65536 (GiB) (got 65537)',
    ],
    [
      'a replica count',
      onKubernetes({ appReplicas: 'x' }),
      'datahub:kubernetes.appReplicas must be a whole number from 2 to 100 (got "x")',
    ],
    [
      'a replica count',
      onKubernetes({ appReplicas: 2.5 }),
      'datahub:kubernetes.appReplicas must be a whole number from 2 to 100 (got 2.5)',
    ],
    [
      'a replica count',
      onKubernetes({ appReplicas: 101 }),
      'datahub:kubernetes.appReplicas must be at most 100 (got 101)',
    ],
    [
      'a replica count',
      onKubernetes({ hpa: { maxReplicas: 1 } }),
      'datahub:kubernetes.hpa.maxReplicas must be at least 2: with one replica every rollout or node drain is an outage (got 1)',
    ],
    [
      'an object size',
      { 'datahub:maxObjectMb': '"x"' },
      'datahub:maxObjectMb must be a whole number of MiB from 1 to 163840 (got "x")',
    ],
    [
      'an object size',
      { 'datahub:maxObjectMb': '1.5' },
      'datahub:maxObjectMb must be a whole number of MiB from 1 to 163840 (got 1.5)',
    ],
    ['an object size', { 'datahub:maxObjectMb': '0' }, 'datahub:maxObjectMb must be from 1 to 163840 (MiB) (got 0)'],
    [
      'an object size',
      { 'datahub:maxObjectMb': '163841' },
      'datahub:maxObjectMb must be from 1 to 163840 (MiB) (got 163841)',
    ],
    [
      'a log file size',
      { 'datahub:logRotation': '{"maxSizeMb":"x"}' },
      'datahub:logRotation.maxSizeMb must be a whole number of MiB from 1 to 1024 (got "x")',
    ],
    [
      'a log file size',
      { 'datahub:logRotation': '{"maxSizeMb":1.5}' },
      'datahub:logRotation.maxSizeMb must be a whole number of MiB from 1 to 1024 (got 1.5)',
    ],
    [
      'a log file size',
      { 'datahub:logRotation': '{"maxSizeMb":0}' },
      'datahub:logRotation.maxSizeMb must be from 1 to 1024 (MiB) (got 0)',
    ],
    [
      'a log file size',
      { 'datahub:logRotation': '{"maxSizeMb":1025}' },
      'datahub:logRotation.maxSizeMb must be from 1 to 1024 (MiB) (got 1025)',
    ],
    [
      'a log file count',
      { 'datahub:logRotation': '{"maxFiles":"x"}' },
      'datahub:logRotation.maxFiles must be a whole number from 1 to 100 (got "x")',
    ],
    [
      'a log file count',
      { 'datahub:logRotation': '{"maxFiles":1.5}' },
      'datahub:logRotation.maxFiles must be a whole number from 1 to 100 (got 1.5)',
    ],
    [
      'a log file count',
      { 'datahub:logRotation': '{"maxFiles":0}' },
      'datahub:logRotation.maxFiles must be from 1 to 100 (got 0)',
    ],
    [
      'a log file count',
      { 'datahub:logRotation': '{"maxFiles":101}' },
      'datahub:logRotation.maxFiles must be from 1 to 100 (got 101)',
    ],
    [
      'a CPU target',
      onKubernetes({ hpa: { cpuUtilization: 'x' } }),
      'datahub:kubernetes.hpa.cpuUtilization must be a whole percentage from 10 to 100 (got "x")',
    ],
    [
      'a CPU target',
      onKubernetes({ hpa: { cpuUtilization: 50.5 } }),
      'datahub:kubernetes.hpa.cpuUtilization must be a whole percentage from 10 to 100 (got 50.5)',
    ],
    [
      'a CPU target',
      onKubernetes({ hpa: { cpuUtilization: 9 } }),
      'datahub:kubernetes.hpa.cpuUtilization must be from 10 to 100 (%) (got 9)',
    ],
    [
      'a CPU target',
      onKubernetes({ hpa: { cpuUtilization: 101 } }),
      'datahub:kubernetes.hpa.cpuUtilization must be from 10 to 100 (%) (got 101)',
    ],
  ])('says exactly what is wrong with %s: %j', (_label, raw, problem) => {
    expect(problemsOf('dev', raw)).toEqual([problem]);
  });

  it('lists the problems of several keys in key order', () => {
    expect(
      problemsOf('dev', {
        'datahub:logLevel': 'zz',
        'datahub:dockerHost': 'q',
        'datahub:protectData': 'y',
        'datahub:restartPolicy': 'z',
        'datahub:bucket': 'X',
        'datahub:bindAddress': 'x',
        'datahub:platform': 'nomad',
      }),
    ).toEqual([
      'datahub:platform must be one of docker, kubernetes (got "nomad")',
      'datahub:bindAddress must be an IPv4 address such as 127.0.0.1 (got "x")',
      'datahub:bucket must be an S3 bucket name: 3-63 characters of a-z, 0-9, "." and "-" (got "X")',
      'datahub:logLevel must be one of fatal, error, warn, info, debug, trace (got "zz")',
      'datahub:restartPolicy must be one of always, unless-stopped, on-failure (got "z")',
      'datahub:protectData must be true or false (got "y")',
      'datahub:dockerHost must be a Docker host URL such as unix:///var/run/docker.sock (got "q")',
    ]);
  });

  it('names each Docker-only key a kubernetes stack sets, in the order of DOCKER_ONLY_KEYS', () => {
    const refused = (key: string) =>
      `datahub:${key} applies to the docker platform only, and this stack runs on kubernetes: remove it (\`pulumi config rm --stack dev datahub:${key}\`); the cluster is configured under datahub:kubernetes`;
    expect(
      problemsOf(
        'dev',
        onKubernetes(
          {},
          {
            'datahub:dockerHost': 'unix:///x',
            'datahub:dataVolumeDriverOpts': '{}',
            'datahub:logRotation': '{}',
            'datahub:bindAddress': '127.0.0.2',
          },
        ),
      ),
    ).toEqual([refused('bindAddress'), refused('logRotation'), refused('dockerHost'), refused('dataVolumeDriverOpts')]);
  });
});
