/**
 * The real program's prod stack on one Docker host (examples/Pulumi.prod-docker.yaml) under the
 * pack with policies/config/prod.json (digests, protected volumes).
 */
import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { evaluateProgram, packConfigFile } from './program-policies';

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', { stackFile: 'examples/Pulumi.prod-docker.yaml' });
}, 30_000);

describe('the prod stack on one Docker host under the policy pack with the prod policy config', () => {
  const pack = packConfigFile('prod');

  it('turns on digests and protected volumes', () => {
    expect(pack).toEqual({
      'images-pinned': { requireDigest: true },
      'data-volumes-protected': { requireProtectedVolumes: true },
    });
  });

  it('passes every policy, mandatory and advisory', async () => {
    const { violations, applied } = await evaluateProgram(run, { pack });
    expect(violations).toEqual({});
    expect([...(applied['data-volumes-protected'] ?? [])].sort()).toEqual([
      'monitoring-alertmanager-data',
      'monitoring-grafana-data',
      'monitoring-prometheus-data',
      'object-store-data',
    ]);
    expect(applied['images-pinned']).toEqual(
      expect.arrayContaining(['object-store-upstream', 'app-image', 'object-store-image']),
    );
  });

  it('passes on a first preview too, with every generated secret unknown', async () => {
    const { violations } = await evaluateProgram(run, { pack, unknownSecrets: true });
    expect(violations).toEqual({});
  });

  it('protects every data volume and retains it on delete (retainOnDelete is not in policy args: checked here)', () => {
    const volumes = run.byType('docker:index/volume:Volume');
    expect(volumes).toHaveLength(4);
    for (const v of volumes)
      expect({ name: v.name, protect: v.protect, retain: v.retainOnDelete }).toEqual({
        name: v.name,
        protect: true,
        retain: true,
      });
  });
});
