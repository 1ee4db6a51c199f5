import { parseStackConfig, type StackConfig } from '../../../infra/config';
import { APP_DIR, appImageName } from '../../../infra/services/app';
import { REPO, runProgram, stackConfig, type ProgramRun } from '../../support/pulumi-program';
import {
  CONTAINER,
  IMAGE,
  REMOTE_IMAGE,
  VOLUME,
  aliasesByService,
  allStrings,
  containers,
  expectHardened,
  scrapeTargetHosts,
  serviceOf,
} from './program-expectations';

let run: ProgramRun;
let config: StackConfig;
beforeAll(async () => {
  config = parseStackConfig('dev', stackConfig('dev'));
  run = await runProgram('dev');
}, 30_000);

describe('the dev stack under Pulumi mocks', () => {
  it('declares exactly the expected resources', () => {
    const custom = run.resources.filter((r) => r.custom).map((r) => `${r.type}::${r.name}`);
    expect(custom.sort()).toEqual(
      [
        'pulumi:providers:docker::docker',
        'docker:index/network:Network::network',
        'random:index/randomPassword:RandomPassword::credentials-minio-root-user',
        'random:index/randomPassword:RandomPassword::credentials-minio-root-password',
        'random:index/randomPassword:RandomPassword::credentials-grafana-admin-password',
        `${REMOTE_IMAGE}::object-store-upstream`,
        `${IMAGE}::object-store-image`,
        `${VOLUME}::object-store-data`,
        `${CONTAINER}::object-store-minio`,
        `${IMAGE}::app-image`,
        `${CONTAINER}::app-app`,
        `${REMOTE_IMAGE}::monitoring-prometheus-image`,
        `${REMOTE_IMAGE}::monitoring-alertmanager-image`,
        `${REMOTE_IMAGE}::monitoring-grafana-image`,
        `${VOLUME}::monitoring-prometheus-data`,
        `${VOLUME}::monitoring-alertmanager-data`,
        `${VOLUME}::monitoring-grafana-data`,
        `${CONTAINER}::monitoring-prometheus`,
        `${CONTAINER}::monitoring-alertmanager`,
        `${CONTAINER}::monitoring-grafana`,
      ].sort(),
    );
    const components = run.resources.filter((r) => !r.custom && r.type.startsWith('datahub:')).map((r) => r.type);
    expect(components.sort()).toEqual(
      [
        'datahub:docker:AppService',
        'datahub:index:Credentials',
        'datahub:docker:Monitoring',
        'datahub:docker:ObjectStore',
      ].sort(),
    );
  });

  it('names the network datahub-dev and attaches every container to it with its service alias', () => {
    expect(run.one('docker:index/network:Network', 'network').inputs.name).toBe('datahub-dev');
    const aliases = aliasesByService(run);
    expect(Object.fromEntries(aliases)).toEqual({
      minio: ['minio'],
      app: ['app'],
      prometheus: ['prometheus'],
      alertmanager: ['alertmanager'],
      grafana: ['grafana'],
    });
    for (const c of containers(run)) {
      expect((c.inputs.networksAdvanced as { name: string }[])[0]!.name).toBe('datahub-dev');
    }
  });

  it('hardens every container: non-root, no new privileges, all capabilities dropped, limits, restart, log rotation, healthcheck', () => {
    expect(containers(run)).toHaveLength(5);
    for (const c of containers(run)) expectHardened(c, config);
  });

  it('keeps a read-only root filesystem where no files are uploaded', () => {
    const byService = Object.fromEntries(containers(run).map((c) => [serviceOf(c), c.inputs]));
    expect(byService.minio!.readOnly).toBe(true);
    expect(byService.app!.readOnly).toBe(true);
    for (const service of ['prometheus', 'alertmanager', 'grafana']) {
      expect(byService[service]!.readOnly).toBe(false);
      expect((byService[service]!.uploads as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const ports = containers(run).flatMap((c) => c.inputs.ports as { ip: string; external: number }[]);
    expect(ports).toHaveLength(6);
    for (const p of ports) expect(p.ip).toBe('127.0.0.1');
    expect(ports.map((p) => p.external).sort()).toEqual(Object.values(config.ports).sort());
  });

  it('pins every image by a version tag, never latest', () => {
    const names = run.byType(REMOTE_IMAGE).map((r) => String(r.inputs.name));
    expect(names.sort()).toEqual(
      [config.images.alertmanager, config.images.grafana, config.images.minio, config.images.prometheus].sort(),
    );
    for (const name of names) expect(name).toMatch(/:[\w.-]+$/);
    for (const name of names) expect(name).not.toMatch(/:latest$/);
  });

  it('builds the app from app/ with a tag derived from the build context, without pushing', () => {
    const image = run.one(IMAGE, 'app-image').inputs as {
      build: Record<string, unknown>;
      imageName: string;
      skipPush: boolean;
    };
    expect(image.build.context).toBe(APP_DIR);
    expect(APP_DIR).toBe(`${REPO}/app`);
    expect(image.build.args).toEqual({ BASE_IMAGE: config.images.nodeBase });
    expect(image.skipPush).toBe(true);
    expect(image.imageName).toMatch(/^datahub-app:[0-9a-f]{16}$/);
    expect(image.imageName).toBe(appImageName(APP_DIR, config.images.nodeBase));
    expect(appImageName(APP_DIR, 'node:24.0.0-bookworm-slim')).not.toBe(image.imageName);
  });

  it('runs MinIO from its pinned upstream image made non-root, with data on a named volume and metrics public on the network only', () => {
    const minio = run.one(CONTAINER, 'object-store-minio').inputs as Record<string, unknown>;
    const built = run.one(IMAGE, 'object-store-image').inputs as { build: { args: Record<string, string> } };
    expect(built.build.args.MINIO_IMAGE).toBe(config.images.minio);
    expect(run.one(IMAGE, 'object-store-image').dependsOn).toEqual(['object-store-upstream']);
    expect(minio.volumes).toEqual([{ volumeName: 'datahub-dev-minio-data', containerPath: '/var/lib/minio' }]);
    expect(minio.envs).toContain('MINIO_PROMETHEUS_AUTH_TYPE=public');
    expect((minio.healthcheck as { tests: string[] }).tests.join(' ')).toContain('/minio/health/live');
    const apiPort = (minio.ports as { internal: number; ip: string }[]).find((p) => p.internal === 9000)!;
    expect(apiPort.ip).toBe('127.0.0.1');
  });

  it('keeps dev volumes deletable: protectData is false on dev', () => {
    const volumes = run.byType(VOLUME);
    expect(volumes).toHaveLength(4);
    for (const v of volumes)
      expect({ name: v.name, protect: v.protect, retain: v.retainOnDelete }).toEqual({
        name: v.name,
        protect: false,
        retain: false,
      });
  });

  it('passes every credential as a secret Output, and nowhere else', () => {
    const minio = run.one(CONTAINER, 'object-store-minio');
    const app = run.one(CONTAINER, 'app-app');
    const grafana = run.one(CONTAINER, 'monitoring-grafana');
    const secretEnv = (c: typeof minio) => [...c.secretInputs].filter((p) => p.startsWith('envs[')).length;
    expect(secretEnv(minio)).toBe(2);
    expect(secretEnv(app)).toBe(2);
    expect(secretEnv(grafana)).toBe(1);
    for (const c of [minio, app, grafana]) expect([...c.secretInputs].every((p) => p.startsWith('envs['))).toBe(true);
    expect([...run.secretOutputs].sort()).toEqual(['grafanaAdminPassword', 'minioRootPassword', 'minioRootUser']);

    const secrets = [
      run.outputs.minioRootUser,
      run.outputs.minioRootPassword,
      run.outputs.grafanaAdminPassword,
    ] as string[];
    for (const r of run.resources.filter((x) => x.type !== 'random:index/randomPassword:RandomPassword')) {
      const { envs: _envs, ...rest } = r.inputs;
      const visible = allStrings(rest);
      for (const secret of secrets) expect(visible.some((s) => s.includes(secret))).toBe(false);
    }
  });

  it('gives every scrape and alerting target in prometheus.yml a host that is a network alias', () => {
    const aliases = new Set([...aliasesByService(run).values()].flat());
    const hosts = scrapeTargetHosts(run.one(CONTAINER, 'monitoring-prometheus'));
    expect(hosts.sort()).toEqual(['alertmanager', 'alertmanager', 'app', 'grafana', 'localhost', 'minio'].sort());
    for (const host of hosts.filter((h) => h !== 'localhost')) expect(aliases.has(host)).toBe(true);
  });

  it('starts the app after MinIO, and Prometheus after Alertmanager and its targets', () => {
    expect(run.one(CONTAINER, 'app-app').dependsOn).toEqual(['object-store-minio']);
    expect([...run.one(CONTAINER, 'monitoring-prometheus').dependsOn].sort()).toEqual([
      'app-app',
      'monitoring-alertmanager',
      'object-store-minio',
    ]);
    expect(run.one(CONTAINER, 'monitoring-grafana').dependsOn).toEqual(['monitoring-prometheus']);
  });

  it('passes retention to Prometheus and Alertmanager', () => {
    expect(run.one(CONTAINER, 'monitoring-prometheus').inputs.command).toEqual(
      expect.arrayContaining([
        `--storage.tsdb.retention.time=${config.retention.prometheusTime}`,
        `--storage.tsdb.retention.size=${config.retention.prometheusSize}`,
      ]),
    );
    expect(run.one(CONTAINER, 'monitoring-alertmanager').inputs.command).toContain(
      `--data.retention=${config.retention.alertmanager}`,
    );
  });

  it('exports the endpoint URLs and the app image digest', () => {
    expect(run.outputs).toMatchObject({
      appUrl: 'http://127.0.0.1:8080',
      minioApiUrl: 'http://127.0.0.1:9000',
      minioConsoleUrl: 'http://127.0.0.1:9001',
      prometheusUrl: 'http://127.0.0.1:9090',
      alertmanagerUrl: 'http://127.0.0.1:9093',
      grafanaUrl: 'http://127.0.0.1:3000',
      appImageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
  });
});
