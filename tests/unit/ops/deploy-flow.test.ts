import { dockerRules } from '../../../infra/docker/platform-rules';
import { kubernetesRules } from '../../../infra/kubernetes/platform-rules';
import {
  APP_IMAGE_KEY,
  deploy,
  recoverySteps,
  type DeployDeps,
  type DeployDriver,
  type Release,
} from '../../../ops/deploy-flow';
import { EXIT } from '../../../ops/exit-codes';
import type { PlanStep, PolicyViolation } from '../../../ops/plan';

const urn = (type: string, name: string) => `urn:pulumi:dev::datahub::${type}::${name}`;
const VOLUME = 'docker:index/volume:Volume';
const CONTAINER = 'docker:index/container:Container';

/** An in-memory stand-in for the Pulumi engine: records every call, fails where told. */
class FakeDriver implements DeployDriver {
  calls: string[] = [];
  config: Record<string, string> = { 'datahub:logLevel': 'info' };
  upFailures: (string | undefined)[] = [];
  constructor(
    private readonly steps: PlanStep[] = [{ op: 'update', urn: urn(CONTAINER, 'app-app'), type: CONTAINER }],
    private readonly violations: PolicyViolation[] = [],
  ) {}
  async preview() {
    this.calls.push('preview');
    return { steps: this.steps, violations: this.violations };
  }
  async up(onProgress: (done: number, total: number, urn: string) => void) {
    this.calls.push(`up ${JSON.stringify(this.config)}`);
    const failure = this.upFailures.shift();
    onProgress(1, 2, urn(CONTAINER, 'object-store-minio'));
    if (failure) throw new Error(failure);
    onProgress(2, 2, urn(CONTAINER, 'app-app'));
    return { appImageDigest: this.config[APP_IMAGE_KEY] ?? 'sha256:new', appUrl: 'http://127.0.0.1:8080' };
  }
  async getConfig() {
    return { ...this.config };
  }
  async upWithConfig(
    config: Readonly<Record<string, string>>,
    onProgress: (done: number, total: number, urn: string) => void,
  ) {
    this.calls.push('upWithConfig');
    const fileConfig = this.config;
    this.config = { ...config };
    try {
      return await this.up(onProgress);
    } finally {
      this.config = fileConfig;
    }
  }
}

const good: Release = {
  stack: 'dev',
  at: '2026-11-20T10:00:00.000Z',
  gitRevision: 'abc1234',
  config: { 'datahub:logLevel': 'debug' },
  appImageDigest: 'sha256:good',
};

function deps(
  driver: FakeDriver,
  overrides: Partial<DeployDeps> & { verifyResults?: boolean[]; release?: Release } = {},
) {
  const lines: string[] = [];
  const recorded: Release[] = [];
  const results = [...(overrides.verifyResults ?? [true])];
  const prompts: string[] = [];
  const d: DeployDeps = {
    driver,
    verify: async () => {
      const ok = results.shift() ?? true;
      return { ok, failures: ok ? [] : ['app-ready: 503 from /health/ready'] };
    },
    releases: { last: async () => overrides.release, record: async (r) => void recorded.push(r) },
    confirm: async (q) => {
      prompts.push(q);
      return true;
    },
    log: (line) => lines.push(line),
    now: () => new Date('2026-11-22T12:00:00.000Z'),
    gitRevision: async () => 'def5678',
    inspectCommand: dockerRules.inspectCommand({ stack: 'dev' }),
    ...overrides,
  };
  return { d, lines, recorded, prompts };
}

const options = { stack: 'dev', yes: true, allowDataLoss: false, rollback: true };

describe('the deploy flow', () => {
  it('happy path: previews, prints the change table, deploys with progress, verifies and records the release', async () => {
    const driver = new FakeDriver();
    const { d, lines, recorded } = deps(driver);
    expect(await deploy(options, d)).toBe(EXIT.ok);
    expect(driver.calls).toEqual(['preview', 'up {"datahub:logLevel":"info"}']);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('update  docker:index/container:Container  app-app'),
        '[2/2] app-app',
      ]),
    );
    expect(recorded).toEqual([
      {
        stack: 'dev',
        at: '2026-11-22T12:00:00.000Z',
        gitRevision: 'def5678',
        config: { 'datahub:logLevel': 'info' },
        appImageDigest: 'sha256:new',
      },
    ]);
  });

  it('refuses a plan that replaces a data volume', async () => {
    const driver = new FakeDriver([{ op: 'replace', urn: urn(VOLUME, 'object-store-data'), type: VOLUME }]);
    const { d, lines } = deps(driver);
    expect(await deploy(options, d)).toBe(EXIT.gated);
    expect(driver.calls).toEqual(['preview']);
    expect(lines).toContain(
      'refused: plan would replace of data volume object-store-data: rerun with --allow-data-loss if that is intended',
    );
  });

  it('lets the same plan through with --allow-data-loss', async () => {
    const driver = new FakeDriver([{ op: 'replace', urn: urn(VOLUME, 'object-store-data'), type: VOLUME }]);
    expect(await deploy({ ...options, allowDataLoss: true }, deps(driver).d)).toBe(EXIT.ok);
  });

  it('refuses a change of the MinIO data mount, but not other MinIO replacements', async () => {
    const mount = new FakeDriver([
      { op: 'replace', urn: urn(CONTAINER, 'object-store-minio'), type: CONTAINER, diffs: ['volumes'] },
    ]);
    expect(await deploy(options, deps(mount).d)).toBe(EXIT.gated);
    const envOnly = new FakeDriver([
      { op: 'replace', urn: urn(CONTAINER, 'object-store-minio'), type: CONTAINER, diffs: ['envs'] },
    ]);
    expect(await deploy(options, deps(envOnly).d)).toBe(EXIT.ok);
  });

  it('refuses a mandatory policy violation, and only prints advisory ones', async () => {
    const mandatory = new FakeDriver(undefined, [
      { policy: 'no-privileged-containers', level: 'mandatory', message: 'privileged', urn: urn(CONTAINER, 'x') },
    ]);
    const m = deps(mandatory);
    expect(await deploy(options, m.d)).toBe(EXIT.gated);
    expect(m.lines).toContain('refused: policy no-privileged-containers on x: privileged');
    const advisory = new FakeDriver(undefined, [
      { policy: 'container-log-rotation', level: 'advisory', message: 'no rotation' },
    ]);
    const a = deps(advisory);
    expect(await deploy(options, a.d)).toBe(EXIT.ok);
    expect(a.lines).toContain('advisory: container-log-rotation: no rotation');
  });

  it('never prompts without a TTY: without --yes it refuses and says how to proceed', async () => {
    const driver = new FakeDriver();
    const { d, lines } = deps(driver, { confirm: undefined });
    expect(await deploy({ ...options, yes: false }, d)).toBe(EXIT.gated);
    expect(lines).toContain('refused: no TTY to confirm on; rerun with --yes to deploy without asking');
    expect(driver.calls).toEqual(['preview']);
  });

  it('asks on a TTY without --yes, and stops when the answer is no', async () => {
    const driver = new FakeDriver();
    const { d, prompts } = deps(driver, { confirm: async () => false });
    expect(await deploy({ ...options, yes: false }, d)).toBe(EXIT.gated);
    expect(prompts).toEqual([]);
    const yes = deps(new FakeDriver());
    expect(await deploy({ ...options, yes: false }, yes.d)).toBe(EXIT.ok);
    expect(yes.prompts).toEqual(['deploy these changes to dev?']);
  });

  it('when up fails midway, rolls back to the last good config with the app image pinned, and verifies it', async () => {
    const driver = new FakeDriver();
    driver.upFailures = ['container app-app did not become healthy'];
    const { d, lines, recorded } = deps(driver, { release: good });
    expect(await deploy(options, d)).toBe(EXIT.rolledBack);
    expect(driver.calls).toEqual([
      'preview',
      'up {"datahub:logLevel":"info"}',
      'upWithConfig',
      `up {"datahub:logLevel":"debug","${APP_IMAGE_KEY}":"sha256:good"}`,
    ]);
    // The stack file keeps the operator's config; only what runs was rolled back.
    expect(driver.config).toEqual({ 'datahub:logLevel': 'info' });
    expect(lines).toContain(
      'deploy failed (up failed: container app-app did not become healthy); rolled back to the release of 2026-11-20T10:00:00.000Z and verified it',
    );
    expect(recorded).toEqual([]);
  });

  it('when verification fails, rolls back and verifies again', async () => {
    const driver = new FakeDriver();
    const { d, lines } = deps(driver, { release: good, verifyResults: [false, true] });
    expect(await deploy(options, d)).toBe(EXIT.rolledBack);
    expect(lines).toContain('verification failed: app-ready: 503 from /health/ready');
  });

  it('when the rollback fails too, exits with rollbackFailed and prints the manual recovery steps', async () => {
    const driver = new FakeDriver();
    driver.upFailures = ['boom', 'boom again'];
    const { d, lines } = deps(driver, { release: good });
    expect(await deploy(options, d)).toBe(EXIT.rollbackFailed);
    expect(lines.join('\n')).toContain('rollback failed too: boom again');
    expect(lines.join('\n')).toContain('git checkout abc1234 && npm run deploy -- --stack dev --yes');
  });

  it('on a first deploy there is nothing to roll back to, and it says so', async () => {
    const driver = new FakeDriver();
    driver.upFailures = ['boom'];
    const { d, lines } = deps(driver, { release: undefined });
    expect(await deploy(options, d)).toBe(EXIT.rollbackFailed);
    expect(lines).toContain('cannot roll back: dev has no recorded good release yet (first deploy)');
    expect(driver.calls).toEqual(['preview', 'up {"datahub:logLevel":"info"}']);
  });

  it('with --no-rollback, reports the failure and leaves the stack as it is', async () => {
    const driver = new FakeDriver();
    driver.upFailures = ['boom'];
    const { d, lines } = deps(driver, { release: good });
    expect(await deploy({ ...options, rollback: false }, d)).toBe(EXIT.failed);
    expect(lines).toContain('not rolling back (--no-rollback): the stack is left as the failed update left it');
    expect(driver.calls).not.toContain('upWithConfig');
  });

  it('on a Kubernetes stack, the recovery steps look at its pods with kubectl', async () => {
    const driver = new FakeDriver();
    driver.upFailures = ['boom', 'boom again'];
    const inspectCommand = kubernetesRules.inspectCommand({
      stack: 'prod',
      kubernetes: { namespace: 'datahub-prod', context: undefined },
    });
    const { d, lines } = deps(driver, { release: good, inspectCommand });
    expect(await deploy({ ...options, stack: 'prod' }, d)).toBe(EXIT.rollbackFailed);
    expect(lines.join('\n')).toContain(
      '  1. see what is running: kubectl get pods -n datahub-prod -l app.kubernetes.io/instance=prod',
    );
    expect(lines.join('\n')).not.toContain('docker ps');
  });
});

describe('the manual recovery steps', () => {
  it('name what is running with the stack platform’s tool', () => {
    expect(recoverySteps('dev', undefined, dockerRules.inspectCommand({ stack: 'dev' })).split('\n')).toEqual([
      'manual recovery:',
      '  1. see what is running: docker ps -a --filter label=org.datahub.stack=dev',
      '  2. check the stack: npm run verify -- --stack dev',
      '  3. fix the cause, then: npm run deploy -- --stack dev --yes',
      '  4. data volumes are never touched by a rollback; docs/operations.md has the Day-2 runbook',
    ]);
    const kubectl = kubernetesRules.inspectCommand({
      stack: 'prod',
      kubernetes: { namespace: 'datahub-prod', context: 'prod-cluster' },
    });
    expect(recoverySteps('prod', good, kubectl).split('\n').slice(1, 2)).toEqual([
      '  1. see what is running: kubectl get pods --context prod-cluster -n datahub-prod -l app.kubernetes.io/instance=prod',
    ]);
  });
});
