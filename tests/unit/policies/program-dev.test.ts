/** The real program's dev stack under the pack, as `pulumi preview --stack dev --policy-pack policies` runs it. */
import { isUnknown, propsOf } from '../../../policies/shared/props';
import { envOf } from '../../../policies/docker/resources';
import { fromRegistration } from '../../support/policy-args';
import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { POLICIES } from './pack';
import { evaluateProgram, packConfigFile } from './program-policies';

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('dev');
}, 30_000);

const CONTAINER = 'docker:index/container:Container';
const CONTAINERS = [
  'app-app',
  'monitoring-alertmanager',
  'monitoring-grafana',
  'monitoring-prometheus',
  'object-store-minio',
];

describe('the dev stack under the policy pack (default config)', () => {
  it('passes every policy, mandatory and advisory', async () => {
    const { violations } = await evaluateProgram(run);
    expect(violations).toEqual({});
  });

  it('passes on a first preview too, with every generated secret unknown', async () => {
    const secretEnvs = run.resources.flatMap((r) => [...r.secretInputs].filter((p) => p.startsWith('envs[')));
    expect(secretEnvs).toHaveLength(5);
    const minio = envOf(propsOf(fromRegistration(run.one(CONTAINER, 'object-store-minio'), { unknownSecrets: true })));
    expect(!isUnknown(minio) && minio.complete).toBe(false);
    const { violations, applied } = await evaluateProgram(run, { unknownSecrets: true });
    expect(violations).toEqual({});
    expect(applied['no-weak-credentials']).toEqual(expect.arrayContaining(CONTAINERS));
  });

  it('applies each policy to the resources it is about', async () => {
    const { applied } = await evaluateProgram(run);
    const sorted = (names: readonly string[] | undefined) => [...(names ?? [])].sort();
    for (const name of [
      'no-privileged-containers',
      'containers-run-as-non-root',
      'container-healthcheck',
      'ports-bound-to-allowed-addresses',
    ]) {
      expect({ name, applied: sorted(applied[name]) }).toEqual({ name, applied: CONTAINERS });
    }
    expect(sorted(applied['images-pinned'])).toEqual(
      [
        ...CONTAINERS,
        'app-image',
        'object-store-image',
        'object-store-upstream',
        'monitoring-prometheus-image',
        'monitoring-alertmanager-image',
        'monitoring-grafana-image',
      ].sort(),
    );
    expect(applied['minio-data-on-named-volume']).toEqual(['object-store-minio']);
    expect(applied['prometheus-alert-rules-mounted']).toEqual(['monitoring-prometheus']);
    expect(applied['prometheus-retention']).toEqual(['monitoring-prometheus']);
    expect(applied['prometheus-scrapes-services']).toEqual(['stack']);
    // requireProtectedVolumes is off by default: dev data is disposable.
    expect(applied['data-volumes-protected']).toEqual([]);
    expect(Object.keys(applied).sort()).toEqual(POLICIES.map((p) => p.name).sort());
  });

  it('would not pass the prod policy config: dev pins images by tag and keeps its volumes deletable', async () => {
    const { violations } = await evaluateProgram(run, { pack: packConfigFile('prod') });
    expect(Object.keys(violations).sort()).toEqual(['data-volumes-protected', 'images-pinned']);
    expect(violations['data-volumes-protected']!.map((f) => f.resource).sort()).toEqual([
      'monitoring-alertmanager-data',
      'monitoring-grafana-data',
      'monitoring-prometheus-data',
      'object-store-data',
    ]);
    expect(violations['images-pinned']!.map((f) => f.message)).toContainEqual(
      expect.stringContaining(
        'Remote image object-store-upstream "minio/minio:RELEASE.2025-04-22T22-12-26Z" is not pinned by digest',
      ),
    );
  });
});
