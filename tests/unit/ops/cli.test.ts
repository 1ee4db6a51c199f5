import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StackDriver } from '../../../ops/automation-driver';
import { dockerOptions } from '../../../ops/adapters/docker-volume';
import { REPO_ROOT, runCli, type CliDeps, type CliIo } from '../../../ops/cli';
import { verifyUrlOverrides } from '../../../ops/verify/endpoints';
import { EXIT } from '../../../ops/exit-codes';
import type { PlanStep } from '../../../ops/plan';
import { PulumiMissingError, pulumiMissingMessage } from '../../../ops/pulumi-cli';

const urn = (type: string, name: string) => `urn:pulumi:dev::datahub::${type}::${name}`;
const VOLUME = 'docker:index/volume:Volume';

function fakeDriver(steps: PlanStep[] = []): StackDriver & { calls: string[] } {
  const calls: string[] = [];
  const fail = (what: string) => () => Promise.reject(new Error(`${what} is not expected in this test`));
  return {
    calls,
    preview: async () => {
      calls.push('preview');
      return { steps, violations: [] };
    },
    up: fail('up'),
    upWithConfig: fail('upWithConfig'),
    getConfig: async () => ({}),
    outputs: async () => ({}),
    secretKeys: async () => new Set<string>(),
    resources: async () => [],
    unprotectAll: fail('unprotectAll'),
    destroy: fail('destroy'),
  };
}

function harness(driver: StackDriver, overrides: Partial<CliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const home = mkdtempSync(path.join(os.tmpdir(), 'cli-home-'));
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), confirm: undefined, env: {}, home };
  const deps: CliDeps = {
    requirePulumi: () => undefined,
    openStack: async () => driver,
    workDir: REPO_ROOT,
    gitRevision: async () => 'abc',
    removeVolume: async () => true,
    now: () => new Date(),
    ...overrides,
  };
  return { out, err, home, io, deps, run: (...argv: string[]) => runCli(argv, io, deps) };
}

describe('the ops CLI', () => {
  it('rejects bad flags with exit 64 and one line, before touching Pulumi', async () => {
    const h = harness(fakeDriver(), {
      openStack: () => Promise.reject(new Error('must not open the stack')),
    });
    expect(await h.run('deploy', '--stack', 'staging')).toBe(EXIT.usage);
    expect(h.err).toEqual([
      'deploy: unknown stack "staging"; the stacks are dev, e2e, prod (a stack needs its Pulumi.staging.yaml)',
    ]);
  });

  it('exits 127 with the install command when pulumi is missing, writing nothing to the home folder', async () => {
    const h = harness(fakeDriver(), {
      requirePulumi: (command) => {
        throw new PulumiMissingError(pulumiMissingMessage(command));
      },
    });
    expect(await h.run('deploy', '--stack', 'dev')).toBe(EXIT.pulumiMissing);
    expect(h.err).toEqual([pulumiMissingMessage('deploy')]);
    expect(h.out).toEqual([]);
    expect(readdirSync(h.home)).toEqual([]);
  });

  it('preview prints the change table and exits 2 when deploy would refuse the plan', async () => {
    const h = harness(fakeDriver([{ op: 'replace', urn: urn(VOLUME, 'minio-data'), type: VOLUME }]));
    expect(await h.run('preview', '--stack', 'dev')).toBe(EXIT.gated);
    expect(h.out.join('\n')).toContain(`replace  ${VOLUME}  minio-data`);
    expect(h.out).toContain(
      'deploy would refuse: plan would replace of data volume minio-data: rerun with --allow-data-loss if that is intended',
    );
    const allowed = harness(fakeDriver([{ op: 'replace', urn: urn(VOLUME, 'minio-data'), type: VOLUME }]));
    expect(await allowed.run('preview', '--stack', 'dev', '--allow-data-loss')).toBe(EXIT.ok);
    expect(allowed.out.at(-1)).toBe('deploy would proceed');
  });

  it('verify on a stack that was never deployed says so', async () => {
    const h = harness(fakeDriver());
    expect(await h.run('verify', '--stack', 'dev')).toBe(EXIT.failed);
    expect(h.err).toEqual(['verify: dev has no outputs: it is not deployed (npm run deploy -- --stack dev)']);
  });

  it('turns an engine failure into one line and exit 1', async () => {
    const h = harness(fakeDriver(), {
      openStack: () => Promise.reject(new Error('incorrect passphrase')),
    });
    expect(await h.run('destroy', '--stack', 'dev', '--yes')).toBe(EXIT.failed);
    expect(h.err).toEqual(['destroy dev: incorrect passphrase']);
  });

  it('creates the default passphrase on first use and says so', async () => {
    const h = harness(fakeDriver());
    expect(await h.run('destroy', '--stack', 'dev', '--yes')).toBe(EXIT.ok);
    expect(h.out[0]).toContain(path.join(h.home, '.pulumi-datahub', 'passphrase'));
    expect(h.out.at(-1)).toBe('dev has no resources: nothing to destroy');
  });
});

describe('DATAHUB_VERIFY_URLS', () => {
  it('replaces output URLs for verification', () => {
    expect(verifyUrlOverrides('{"prometheusUrl":"http://127.0.0.1:9090"}')).toEqual({
      prometheusUrl: 'http://127.0.0.1:9090',
    });
    expect(verifyUrlOverrides(undefined)).toEqual({});
  });

  it.each([
    ['{', 'DATAHUB_VERIFY_URLS is not JSON: e.g.'],
    ['[]', 'DATAHUB_VERIFY_URLS must be a JSON object'],
    ['{"promUrl":"http://x"}', 'DATAHUB_VERIFY_URLS has an unknown key "promUrl"'],
    ['{"appUrl":"127.0.0.1:8080"}', 'DATAHUB_VERIFY_URLS.appUrl must be an http(s) URL, got "127.0.0.1:8080"'],
  ])('refuses %s naming the variable and the fix', (raw, message) => {
    expect(() => verifyUrlOverrides(raw)).toThrow(message);
  });

  it('a bad value stops the command before any preview, as one line', async () => {
    const driver = fakeDriver();
    const h = harness(driver);
    const io = { env: { DATAHUB_VERIFY_URLS: '{' } };
    expect(await runCli(['deploy', '--stack', 'dev', '--yes'], { ...h.io, ...io }, h.deps)).toBe(EXIT.failed);
    expect(h.err).toEqual([expect.stringMatching(/^deploy dev: DATAHUB_VERIFY_URLS is not JSON/)]);
    expect(driver.calls).toEqual([]);
  });
});

describe('the Docker host of a retained volume', () => {
  it.each([
    [undefined, {}],
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['tcp://10.0.0.5:2376', { host: '10.0.0.5', port: 2376 }],
    ['ssh://ops@host', { protocol: 'ssh', host: 'host', username: 'ops' }],
  ])('%s', (host, options) => {
    expect(dockerOptions(host)).toEqual(options);
  });

  it('refuses a scheme it cannot reach', () => {
    expect(() => dockerOptions('npipe:////./pipe/docker_engine')).toThrow('unsupported Docker host');
  });
});
