/** A deliberately insecure program (fixtures/insecure-program.ts) is caught, policy by policy. */
import path from 'node:path';
import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { POLICIES, policiesOf } from './pack';

/** The Docker policies: the Kubernetes ones have their own insecure fixture (insecure-kubernetes-program.test.ts). */
const kubernetes = new Set(policiesOf('kubernetes').map((p) => p.name));
const DOCKER_POLICIES = POLICIES.map((p) => p.name).filter((name) => !kubernetes.has(name));
import { evaluateProgram, packConfigFile, type Evaluation } from './program-policies';

let run: ProgramRun;
let evaluation: Evaluation;
beforeAll(async () => {
  run = await runProgram('dev', { program: path.join(__dirname, 'fixtures', 'insecure-program.ts') });
  evaluation = await evaluateProgram(run);
}, 30_000);

const resourcesOf = (policy: string) =>
  [...new Set((evaluation.violations[policy] ?? []).map((f) => f.resource))].sort();
const messagesOf = (policy: string) => (evaluation.violations[policy] ?? []).map((f) => `${f.resource}: ${f.message}`);

describe('the insecure program under the policy pack', () => {
  it('declares what the fixture says', () => {
    expect(
      run.resources
        .filter((r) => r.custom)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['grafana', 'grafana-image', 'minio', 'minio-image', 'prometheus', 'scratch'].sort());
  });

  it('is caught by every Docker policy but data-volumes-protected, which is off by default', () => {
    expect(Object.keys(evaluation.violations).sort()).toEqual(
      DOCKER_POLICIES.filter((name) => name !== 'data-volumes-protected').sort(),
    );
  });

  it.each([
    ['no-privileged-containers', ['minio']],
    ['containers-run-as-non-root', ['grafana', 'minio', 'prometheus']],
    ['no-new-privileges', ['grafana', 'minio', 'prometheus']],
    ['drop-all-capabilities', ['grafana', 'minio', 'prometheus']],
    ['container-healthcheck', ['grafana', 'minio', 'prometheus']],
    ['container-memory-limit', ['grafana', 'minio', 'prometheus']],
    ['container-restart-policy', ['grafana', 'minio', 'prometheus']],
    ['container-log-rotation', ['grafana', 'minio', 'prometheus']],
    ['ports-bound-to-allowed-addresses', ['grafana', 'minio']],
    ['images-pinned', ['grafana', 'grafana-image', 'minio', 'minio-image', 'prometheus']],
    ['no-weak-credentials', ['grafana', 'minio']],
    ['grafana-no-anonymous-admin', ['grafana']],
    ['minio-data-on-named-volume', ['minio']],
    ['prometheus-scrapes-services', ['minio']],
    ['prometheus-alert-rules-mounted', ['prometheus']],
    ['prometheus-retention', ['prometheus']],
  ])('%s catches %j', (policy, resources) => {
    expect(resourcesOf(policy)).toEqual(resources);
  });

  it('says what is wrong, one message per problem', () => {
    const credentials = messagesOf('no-weak-credentials');
    expect(credentials).toHaveLength(3);
    expect(credentials).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^minio: .*sets MINIO_ROOT_USER to a default or well-known value/),
        expect.stringMatching(/^minio: .*sets MINIO_ROOT_PASSWORD to a default or well-known value/),
        expect.stringMatching(
          /^grafana: .*runs grafana without GF_SECURITY_ADMIN_PASSWORD, so it starts with the built-in login admin:admin/,
        ),
      ]),
    );
    expect(messagesOf('containers-run-as-non-root')).toContainEqual(
      expect.stringMatching(/^minio: container "insecure-minio" \(minio\) runs as "root"/),
    );
    const ports = messagesOf('ports-bound-to-allowed-addresses');
    expect(ports).toHaveLength(2);
    expect(ports).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'minio: container "insecure-minio" (minio) publishes container port 9000 on 0.0.0.0:9000 (no `ip` means every address)',
        ),
        expect.stringContaining(
          'grafana: container "insecure-grafana" (grafana) publishes container port 3000 on 0.0.0.0:3000.',
        ),
      ]),
    );
    expect(messagesOf('drop-all-capabilities')).toContainEqual(
      expect.stringContaining('minio: container "insecure-minio" (minio) adds capabilities SYS_ADMIN'),
    );
    expect(messagesOf('container-memory-limit')).toContainEqual(
      expect.stringContaining('grafana: container "insecure-grafana" (grafana) has a memory limit of 8 MB'),
    );
    expect(messagesOf('container-healthcheck')).toContainEqual(
      expect.stringContaining('prometheus: container "insecure-prometheus" (prometheus) disables its healthcheck'),
    );
    expect(messagesOf('prometheus-scrapes-services')).toEqual([
      expect.stringContaining(
        'minio: container "insecure-minio" (minio) is not scraped: no scrape job in /etc/prometheus/prometheus.yml targets any name it answers to on the network (minio, insecure-minio)',
      ),
    ]);
    expect(messagesOf('prometheus-alert-rules-mounted')).toEqual([expect.stringContaining('lists no rule_files')]);
  });

  it('with the prod policy config, also catches the unprotected volume and every image not pinned by digest', async () => {
    const prod = await evaluateProgram(run, { pack: packConfigFile('prod') });
    expect(prod.violations['data-volumes-protected']!.map((f) => f.resource)).toEqual(['scratch']);
    expect(Object.keys(prod.violations).sort()).toEqual([...DOCKER_POLICIES].sort());
  });
});
