/** The real program's prod stack on Kubernetes (Pulumi.prod.yaml) under the pack with policies/config/prod.json. */
import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { policiesOf } from './pack';
import { evaluateProgram, packConfigFile } from './program-policies';

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod');
}, 30_000);

const WORKLOADS = [
  'app-deployment',
  'monitoring-alertmanager',
  'monitoring-grafana',
  'monitoring-prometheus',
  'object-store-minio',
];

describe('the prod stack on Kubernetes under the policy pack with the prod policy config', () => {
  const pack = packConfigFile('prod');

  it('passes every policy, mandatory and advisory', async () => {
    const { violations, applied } = await evaluateProgram(run, { pack });
    expect(violations).toEqual({});
    for (const policy of policiesOf('kubernetes')) {
      const expected = 'validateStack' in policy ? ['stack'] : WORKLOADS;
      expect({ policy: policy.name, applied: [...(applied[policy.name] ?? [])].sort() }).toEqual({
        policy: policy.name,
        applied: expected,
      });
    }
    // The Docker container policies have nothing to check here; the built image is still checked.
    expect(applied['no-privileged-containers']).toEqual([]);
    expect(applied['images-pinned']).toEqual(['app-image']);
  });

  it('passes on a first preview too, with every generated secret unknown', async () => {
    const { violations } = await evaluateProgram(run, { pack, unknownSecrets: true });
    expect(violations).toEqual({});
  });
});
