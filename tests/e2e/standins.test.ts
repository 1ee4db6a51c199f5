/**
 * The semantics DataHub relies on from @pulumi/random's RandomPassword and @pulumi/docker's Image,
 * checked on the real Pulumi engine with the plugins the toolchain installed. Where the official
 * plugins cannot be downloaded these are the DataHub STAND-INS (toolchain/bridged, docs/toolchain.md),
 * and this file is their contract test: length, character classes and minimums, `result` a
 * secret, `keepers` forcing a new password; the image built from its context with .dockerignore,
 * build args and target, `repoDigest` the local image id with skipPush, a rebuild when a kept
 * file changes and none when an ignored one does, the image left in place by destroy.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalWorkspace, type Stack } from '@pulumi/pulumi/automation';
import type Docker from 'dockerode';
import { connectDocker } from '../support/docker';
import { toolchainEnv } from '../support/ops-cli';
import { REPO } from '../support/pulumi-program';

const WORK = path.join(REPO, 'artifacts', '.e2e-work', `standins-${process.pid}`);
const PROGRAM = path.join(WORK, 'program');
const CONTEXT = path.join(WORK, 'context');
const IMAGE = 'datahub-e2e/standin-image:contract';

let docker: Docker;
let stack: Stack;
let toolchain: Record<string, string | undefined>;

async function up(config: Record<string, string>) {
  await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])));
  const res = await stack.up({ showSecrets: false });
  return { outputs: res.outputs, changes: res.summary.resourceChanges ?? {} };
}

async function previewChanges(): Promise<Record<string, number>> {
  return (await stack.preview()).changeSummary as Record<string, number>;
}

/** Whether the image has a file (the build context's files are copied to /ctx). */
async function imageHas(file: string): Promise<boolean> {
  const c = await docker.createContainer({ Image: IMAGE, Cmd: ['true'] });
  try {
    await c.getArchive({ path: file });
    return true;
  } catch {
    return false;
  } finally {
    await c.remove({ force: true });
  }
}

beforeAll(async () => {
  docker = await connectDocker();
  toolchain = toolchainEnv('docker');
  // The Automation API looks for `pulumi` on this process's PATH.
  Object.assign(process.env, toolchain);
  console.log(
    toolchain.DATAHUB_TOOLCHAIN === 'built'
      ? '[standins] checking the DataHub STAND-INS for random.RandomPassword and docker.Image (toolchain built from Go modules)'
      : '[standins] checking the official random and docker plugins against the same contract',
  );
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(CONTEXT, { recursive: true });
  cpSync(path.join(__dirname, 'fixtures', 'standins'), PROGRAM, { recursive: true });
  writeFileSync(
    path.join(CONTEXT, 'Dockerfile'),
    [
      'FROM node:24-bookworm-slim AS final',
      'ARG GREETING',
      'LABEL org.datahub.test.greeting=$GREETING',
      'COPY . /ctx/',
      // After the target: a build that ignored `target` would fail here.
      'FROM node:24-bookworm-slim AS broken',
      'RUN exit 1',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(CONTEXT, '.dockerignore'), 'ignored.txt\n');
  writeFileSync(path.join(CONTEXT, 'kept.txt'), 'kept 1\n');
  writeFileSync(path.join(CONTEXT, 'ignored.txt'), 'ignored 1\n');
  const env = Object.fromEntries(Object.entries(toolchain).filter((e): e is [string, string] => e[1] !== undefined));
  mkdirSync(path.join(WORK, 'state'), { recursive: true });
  stack = await LocalWorkspace.createOrSelectStack(
    { stackName: 'contract', workDir: PROGRAM },
    {
      envVars: {
        ...env,
        PULUMI_BACKEND_URL: `file://${path.join(WORK, 'state')}`,
        PULUMI_CONFIG_PASSPHRASE: 'standins-contract-test',
      },
    },
  );
});

afterAll(async () => {
  await stack?.destroy().catch(() => undefined);
  await docker
    ?.getImage(IMAGE)
    .remove({ force: true })
    .catch(() => undefined);
  rmSync(WORK, { recursive: true, force: true });
});

const CONFIG = { generation: '1', greeting: 'hello', context: CONTEXT, imageName: IMAGE };

describe('the random and docker plugins the toolchain installed', () => {
  let first: Awaited<ReturnType<typeof up>>;

  it('RandomPassword: the asked length and classes, the minimums met, the result a secret', async () => {
    first = await up(CONFIG);
    const result = first.outputs.result!;
    expect(result.secret).toBe(true);
    const value = String(result.value);
    expect(value).toHaveLength(24);
    expect(value).toMatch(/^[a-z0-9#]+$/);
    expect(value.replace(/[^#]/g, '').length).toBeGreaterThanOrEqual(2);
    expect(value.replace(/[^0-9]/g, '').length).toBeGreaterThanOrEqual(3);
  });

  it('Image: built from its context with the build args and target; repoDigest is the local image id', async () => {
    const info = await docker.getImage(IMAGE).inspect();
    expect(first.outputs.repoDigest!.value).toBe(info.Id);
    expect(first.outputs.repoDigest!.value).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.outputs.imageName!.value).toBe(IMAGE);
    expect(info.Config.Labels?.['org.datahub.test.greeting']).toBe('hello');
    expect(await imageHas('/ctx/kept.txt')).toBe(true);
    expect(await imageHas('/ctx/ignored.txt')).toBe(false);
  });

  it('a second preview has no changes; editing a file .dockerignore leaves out changes nothing', async () => {
    expect(await previewChanges()).toEqual({ same: expect.any(Number) });
    writeFileSync(path.join(CONTEXT, 'ignored.txt'), 'ignored 2\n');
    expect(await previewChanges()).toEqual({ same: expect.any(Number) });
  });

  it('editing a kept file rebuilds the image; the password stays', async () => {
    writeFileSync(path.join(CONTEXT, 'kept.txt'), 'kept 2\n');
    const second = await up(CONFIG);
    expect(second.changes.replace).toBe(1);
    expect(second.outputs.repoDigest!.value).not.toBe(first.outputs.repoDigest!.value);
    expect(second.outputs.repoDigest!.value).toBe((await docker.getImage(IMAGE).inspect()).Id);
    expect(second.outputs.result!.value).toBe(first.outputs.result!.value);
  });

  it('a changed build arg rebuilds too', async () => {
    const third = await up({ ...CONFIG, greeting: 'bonjour' });
    expect(third.changes.replace).toBe(1);
    expect((await docker.getImage(IMAGE).inspect()).Config.Labels?.['org.datahub.test.greeting']).toBe('bonjour');
  });

  it('changed keepers force a new password', async () => {
    const before = (await stack.outputs()).result!.value;
    const next = await up({ ...CONFIG, greeting: 'bonjour', generation: '2' });
    expect(next.changes.replace).toBe(1);
    expect(next.outputs.result!.value).not.toBe(before);
    expect(String(next.outputs.result!.value)).toHaveLength(24);
  });

  it('destroy leaves the built image in the engine, as the official Image does', async () => {
    await stack.destroy();
    expect((await docker.getImage(IMAGE).inspect()).Id).toMatch(/^sha256:/);
  });
});
