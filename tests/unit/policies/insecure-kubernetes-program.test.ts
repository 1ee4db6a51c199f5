/** A deliberately insecure Kubernetes program (fixtures/insecure-kubernetes-program.ts) is caught, policy by policy. */
import path from 'node:path';
import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { policiesOf } from './pack';
import { evaluateProgram, packConfigFile, type Evaluation } from './program-policies';

let run: ProgramRun;
let evaluation: Evaluation;
beforeAll(async () => {
  run = await runProgram('prod', { program: path.join(__dirname, 'fixtures', 'insecure-kubernetes-program.ts') });
  evaluation = await evaluateProgram(run, { pack: packConfigFile('prod') });
}, 30_000);

const resourcesOf = (policy: string) =>
  [...new Set((evaluation.violations[policy] ?? []).map((f) => f.resource))].sort();
const messagesOf = (policy: string) => (evaluation.violations[policy] ?? []).map((f) => `${f.resource}: ${f.message}`);

describe('the insecure Kubernetes program under the policy pack with the prod policy config', () => {
  it('is caught by every Kubernetes policy, and by nothing else', () => {
    expect(Object.keys(evaluation.violations).sort()).toEqual(
      policiesOf('kubernetes')
        .map((p) => p.name)
        .sort(),
    );
  });

  it.each([
    ['kubernetes-pods-run-as-non-root', ['app', 'minio']],
    ['kubernetes-restricted-security-context', ['app', 'minio']],
    ['kubernetes-resource-limits', ['app', 'minio']],
    ['kubernetes-probes', ['app']],
    ['kubernetes-images-by-digest', ['app', 'minio']],
    ['kubernetes-app-replicas', ['app']],
    ['kubernetes-app-disruption-budget', ['app']],
  ])('%s catches %j', (policy, resources) => {
    expect(resourcesOf(policy)).toEqual(resources);
  });

  it('says what is wrong, naming the workload and the container', () => {
    expect(messagesOf('kubernetes-pods-run-as-non-root')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^minio: StatefulSet "minio" \(minio\) runs container "minio" as uid 0/),
        expect.stringMatching(/^app: Deployment "app" \(app\) does not set runAsNonRoot: true for container "app"/),
      ]),
    );
    expect(messagesOf('kubernetes-restricted-security-context')).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'minio: StatefulSet "minio" (minio) sets hostNetwork: true, sharing the node\'s namespaces',
        ),
        expect.stringMatching(
          /^minio: StatefulSet "minio" \(minio\): container "minio" runs privileged \(privileged: false\); allows privilege escalation/,
        ),
      ]),
    );
    expect(messagesOf('kubernetes-resource-limits')).toContainEqual(
      expect.stringContaining(
        'minio: StatefulSet "minio" (minio): container "minio" sets no requests.cpu, requests.memory, limits.cpu.',
      ),
    );
    expect(messagesOf('kubernetes-app-replicas')).toEqual([
      expect.stringContaining('app: Deployment "app" (app) runs 1 replica.'),
    ]);
  });
});
