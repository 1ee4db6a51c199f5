/** Secrets set with `pulumi config set --secret` on a Kubernetes stack: receiver secrets and the registry login. */
import { runProgram, stackConfig, type ProgramRun } from '../../support/pulumi-program';
import { K8S, byName, expectValidManifests, inputs, podSpec } from './kubernetes-expectations';
import { allStrings } from './program-expectations';
import { RECEIVER_OVERRIDES, RECEIVER_SECRET_KEYS, SLACK, SMTP } from './receiver-secrets';

const REGISTRY = 'registry-secret-password';
const prod = JSON.parse(stackConfig('prod')['datahub:kubernetes']!) as Record<string, unknown>;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', {
    overrides: {
      'datahub:kubernetes': { ...prod, registryUsername: 'deploy' },
      ...RECEIVER_OVERRIDES,
      'datahub:registryPassword': REGISTRY,
    },
    secretKeys: [...RECEIVER_SECRET_KEYS, 'datahub:registryPassword'],
  });
}, 30_000);

describe('secrets on the Kubernetes platform', () => {
  it('reach Alertmanager only through a Secret mounted where alertmanager.yml names the files', () => {
    const receivers = byName(run.byType(K8S.secret), 'alertmanager-receivers');
    expect(inputs(receivers).stringData).toEqual({ 'slack-webhook-url': SLACK, 'smtp-password': SMTP });
    expect(receivers.secretInputs).toEqual(new Set(['stringData']));
    const alertmanager = podSpec(run.one(K8S.statefulSet, 'monitoring-alertmanager'));
    expect(alertmanager.volumes).toContainEqual({
      name: 'receivers',
      secret: { secretName: 'alertmanager-receivers', defaultMode: 0o440 },
    });
    expect(alertmanager.containers[0].volumeMounts).toContainEqual({
      name: 'receivers',
      mountPath: '/etc/alertmanager/secrets',
      readOnly: true,
    });
  });

  it('push the app image with the registry login, its password a secret input', () => {
    const image = run.one('docker:index/image:Image', 'app-image');
    expect(image.inputs.registry).toEqual({ server: 'registry.example.com', username: 'deploy', password: REGISTRY });
    expect([...image.secretInputs]).toEqual(['registry.password']);
  });

  it('appear in no other input of any resource', () => {
    for (const r of run.resources.filter((r) => r.type !== K8S.secret)) {
      const visible = allStrings({ ...r.inputs, registry: undefined });
      expect({
        resource: r.name,
        leaks: visible.filter((s) => [SLACK, SMTP, REGISTRY].some((v) => s.includes(v))),
      }).toEqual({
        resource: r.name,
        leaks: [],
      });
    }
  });

  it('leave every manifest valid', () => {
    expectValidManifests(run);
  });
});
