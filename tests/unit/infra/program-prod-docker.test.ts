import { isPinnedByDigest, parseStackConfig, type StackConfig } from '../../../infra/config';
import { renderMonitoringFiles } from '../../../infra/monitoring/render';
import { runProgram, stackConfig, type ProgramRun } from '../../support/pulumi-program';
import {
  CONTAINER,
  IMAGE,
  REMOTE_IMAGE,
  VOLUME,
  aliasesByService,
  containers,
  expectHardened,
  scrapeTargetHosts,
} from './program-expectations';

/** The hardened single-host profile, kept as an example stack file since prod moved to Kubernetes. */
const STACK_FILE = 'examples/Pulumi.prod-docker.yaml';

let run: ProgramRun;
let config: StackConfig;
beforeAll(async () => {
  config = parseStackConfig('prod', stackConfig(STACK_FILE));
  run = await runProgram('prod', { stackFile: STACK_FILE });
}, 30_000);

describe('the prod stack on one Docker host (examples/Pulumi.prod-docker.yaml) under Pulumi mocks', () => {
  it('is the docker platform', () => {
    expect(config.platform).toBe('docker');
    expect(run.resources.some((r) => r.type.startsWith('kubernetes:'))).toBe(false);
  });

  it('declares the same five services as dev, on the datahub-prod network', () => {
    expect(run.one('docker:index/network:Network', 'network').inputs.name).toBe('datahub-prod');
    expect([...aliasesByService(run).keys()].sort()).toEqual(['alertmanager', 'app', 'grafana', 'minio', 'prometheus']);
    expect(run.byType(VOLUME)).toHaveLength(4);
  });

  it('hardens every container with the prod limits and restart policy', () => {
    expect(config.restartPolicy).toBe('always');
    for (const c of containers(run)) expectHardened(c, config);
  });

  it('pins every image, pulled and base, by digest', () => {
    const pulled = run.byType(REMOTE_IMAGE).map((r) => String(r.inputs.name));
    expect(pulled).toHaveLength(4);
    for (const name of pulled) expect(isPinnedByDigest(name)).toBe(true);
    const app = run.one(IMAGE, 'app-image').inputs as { build: { args: Record<string, string> } };
    expect(isPinnedByDigest(app.build.args.BASE_IMAGE!)).toBe(true);
    const minio = run.one(IMAGE, 'object-store-image').inputs as { build: { args: Record<string, string> } };
    expect(isPinnedByDigest(minio.build.args.MINIO_IMAGE!)).toBe(true);
  });

  it('protects every data volume and retains it on delete, so destroy never silently deletes data', () => {
    for (const v of run.byType(VOLUME)) {
      expect({ name: v.name, protect: v.protect, retainOnDelete: v.retainOnDelete }).toEqual({
        name: v.name,
        protect: true,
        retainOnDelete: true,
      });
    }
    expect(
      run
        .byType(VOLUME)
        .map((v) => v.inputs.name)
        .sort(),
    ).toEqual([
      'datahub-prod-alertmanager-data',
      'datahub-prod-grafana-data',
      'datahub-prod-minio-data',
      'datahub-prod-prometheus-data',
    ]);
  });

  it('binds to loopback behind a reverse proxy', () => {
    for (const c of containers(run)) for (const p of c.inputs.ports as { ip: string }[]) expect(p.ip).toBe('127.0.0.1');
  });

  it('scrapes on the prod interval and resolves every target through a network alias', () => {
    const aliases = new Set([...aliasesByService(run).values()].flat());
    for (const host of scrapeTargetHosts(run.one(CONTAINER, 'monitoring-prometheus')).filter(
      (h) => h !== 'localhost',
    )) {
      expect(aliases.has(host)).toBe(true);
    }
  });

  it('uploads exactly the rendered monitoring files, the bytes the Kubernetes platform mounts too', () => {
    const files = renderMonitoringFiles(config);
    const uploads = (name: string) =>
      Object.fromEntries(
        (run.one(CONTAINER, name).inputs.uploads as { file: string; content: string }[]).map((u) => [
          u.file,
          u.content,
        ]),
      );
    expect(uploads('monitoring-prometheus')).toEqual(files.prometheus);
    expect(uploads('monitoring-alertmanager')).toEqual(files.alertmanager);
    expect(uploads('monitoring-grafana')).toEqual(files.grafana);
  });

  it('keeps credentials secret in the outputs', () => {
    expect([...run.secretOutputs].sort()).toEqual(['grafanaAdminPassword', 'minioRootPassword', 'minioRootUser']);
  });
});
