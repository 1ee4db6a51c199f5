import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { dockerRules } from '../../../infra/docker/platform-rules';
import { kubernetesRules } from '../../../infra/kubernetes/platform-rules';
import type { StateEntry } from '../../../infra/platform';
import { PLATFORM_RULES, platformOfState } from '../../../infra/platform-rules';

const REPO = path.resolve(__dirname, '../../..');
const urn = (type: string, name: string) => `urn:pulumi:prod::datahub::${type}::${name}`;
const entry = (type: string, name: string, extra: Partial<StateEntry> = {}): StateEntry => ({
  urn: urn(type, name),
  type,
  retainOnDelete: false,
  ...extra,
});

describe('the platform rules', () => {
  it('are one per platform, each under its own name', () => {
    expect(Object.entries(PLATFORM_RULES).map(([name, rules]) => [name, rules.name])).toEqual([
      ['docker', 'docker'],
      ['kubernetes', 'kubernetes'],
    ]);
  });

  it('load no provider SDK at run time, so the ops CLI stays light', () => {
    const loaded = execFileSync(
      process.execPath,
      [
        '--require',
        'ts-node/register/transpile-only',
        '-e',
        "require('./infra/platform-rules'); console.log(Object.keys(require.cache).filter((f) => f.includes('@pulumi')).length)",
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(loaded.trim()).toBe('0');
  });

  it('each judge only their own resources', () => {
    const claim = { op: 'delete', ...entry('kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data') };
    const volume = { op: 'delete', ...entry('docker:index/volume:Volume', 'object-store-data') };
    expect(dockerRules.dataLossOf(claim)).toBeUndefined();
    expect(kubernetesRules.dataLossOf(volume)).toBeUndefined();
    expect(kubernetesRules.holdsData(claim)).toBe(true);
    expect(kubernetesRules.holdsData(entry('kubernetes:core/v1:Namespace', 'namespace'))).toBe(true);
    expect(kubernetesRules.holdsData(entry('kubernetes:apps/v1:Deployment', 'app'))).toBe(false);
    expect(dockerRules.holdsData(volume)).toBe(true);
  });

  it('tell a state’s platform by its resources; a Kubernetes stack also holds the Docker image builder', () => {
    const kubernetesState = [
      entry('pulumi:providers:docker', 'image-builder'),
      entry('docker:index/image:Image', 'app-image'),
      entry('pulumi:providers:kubernetes', 'kubernetes'),
      entry('kubernetes:core/v1:Namespace', 'namespace'),
    ];
    expect(platformOfState(kubernetesState)).toBe('kubernetes');
    expect(platformOfState([entry('kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data')])).toBe(
      'kubernetes',
    );
    expect(
      platformOfState([entry('pulumi:providers:docker', 'docker'), entry('docker:index/volume:Volume', 'v')]),
    ).toBe('docker');
    expect(platformOfState([entry('random:index/randomPassword:RandomPassword', 'minio-root-password')])).toBe(
      'docker',
    );
  });

  it('on Docker, the CLI removes the retained volumes itself, on the host the provider was given', () => {
    const retained = dockerRules.retainedData([
      entry('pulumi:providers:docker', 'docker', { inputs: { host: 'ssh://ops@host' } }),
      entry('docker:index/volume:Volume', 'minio-data', { retainOnDelete: true, name: 'datahub-prod-minio-data' }),
      entry('docker:index/volume:Volume', 'scratch', { name: 'datahub-prod-scratch' }),
    ]);
    expect(retained).toMatchObject({ remove: ['datahub-prod-minio-data'], host: 'ssh://ops@host', manual: [] });
    expect(dockerRules.retainedData([entry('pulumi:providers:docker', 'docker', { inputs: {} })]).host).toBeUndefined();
  });

  it('on Kubernetes, the operator deletes what is retained, with kubectl', () => {
    const claim = entry('kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data', { retainOnDelete: true });
    const retained = kubernetesRules.retainedData([claim, entry('kubernetes:apps/v1:Deployment', 'app')]);
    expect(retained.remove).toEqual([]);
    expect(retained.manual).toEqual([claim]);
    expect(retained.deleteManually).toMatch(/^delete them with kubectl/);
  });

  it('name what is running with each platform’s tool', () => {
    expect(dockerRules.inspectCommand({ stack: 'dev' })).toBe('docker ps -a --filter label=org.datahub.stack=dev');
    expect(kubernetesRules.inspectCommand({ stack: 'prod', kubernetes: { namespace: 'datahub-prod' } })).toBe(
      'kubectl get pods -n datahub-prod -l app.kubernetes.io/instance=prod',
    );
    expect(kubernetesRules.inspectCommand({ stack: 'prod' })).toBe(
      'kubectl get pods --all-namespaces -l app.kubernetes.io/instance=prod',
    );
  });
});
