/**
 * Runs the real Pulumi program (infra/index.ts) under Pulumi's own mocks with a stack's
 * Pulumi.<stack>.yaml as its config, and records every registration: type, name, inputs,
 * and the options (protect, retainOnDelete, dependsOn, parent, provider).
 * Each jest test file gets a fresh module registry and global, so load one stack per file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import { parse } from 'yaml';

/** The repository root: the nearest folder above this file holding Pulumi.yaml (also from compiled copies). */
export const REPO = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'Pulumi.yaml'))) return dir;
  }
  throw new Error(`no Pulumi.yaml above ${__dirname}`);
})();

export const PROGRAM = path.join(REPO, 'infra', 'index.ts');

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  /** Input property names whose values are secret Outputs. */
  readonly secretInputs: ReadonlySet<string>;
  readonly custom: boolean;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Names of the resources in `dependsOn`. */
  readonly dependsOn: readonly string[];
  readonly parent: string | undefined;
}

export interface ProgramRun {
  readonly resources: readonly Registration[];
  readonly outputs: Record<string, unknown>;
  readonly secretOutputs: ReadonlySet<string>;
  byType(type: string): Registration[];
  one(type: string, name: string): Registration;
}

/** Pulumi.<stack>.yaml, or a stack file elsewhere in the repository given by its path (examples/…yaml). */
export const stackFilePath = (stack: string) =>
  path.join(REPO, stack.endsWith('.yaml') ? stack : `Pulumi.${stack}.yaml`);

/** The stack file as `pulumi.runtime.allConfig()` would return it: structured values as JSON. */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
  const file = parse(readFileSync(stackFilePath(stack), 'utf8')) as {
    config?: Record<string, unknown>;
  };
  const merged = { ...(file.config ?? {}), ...overrides };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

// Pulumi's wire marker for a secret value.
const SIG_KEY = specialSigKey;
const SECRET_SIG = specialSecretSig;

/** Inputs as the provider would see them: secret wrappers removed (secret-ness is tracked separately). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return plain(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const fakeDigest = (seed: string) => `sha256:${createHash('sha256').update(seed).digest('hex')}`;

/** The state each provider would return, computed from the inputs. Unknown types fail loudly. */
function mockState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case 'random:index/randomPassword:RandomPassword': {
      const length = Number(inputs.length);
      const result = createHash('sha512').update(args.name).digest('hex').slice(0, length);
      return { ...inputs, result, bcryptHash: `bcrypt-of-${args.name}` };
    }
    case 'docker:index/image:Image': {
      // Pushed: repository@sha256:…; local only: the image id, as the provider documents repoDigest.
      const name = String(inputs.imageName);
      const digest = fakeDigest(name);
      const repoDigest = inputs.skipPush === true ? digest : `${name.replace(/:[^:/]+$/, '')}@${digest}`;
      return { ...inputs, repoDigest, baseImageName: inputs.imageName };
    }
    case 'docker:index/remoteImage:RemoteImage':
      return { ...inputs, imageId: fakeDigest(String(inputs.name)), repoDigest: `${String(inputs.name)}` };
    case 'pulumi:pulumi:Stack':
      return {};
    case 'docker:index/network:Network':
    case 'docker:index/volume:Volume':
    case 'docker:index/container:Container':
    case 'pulumi:providers:docker':
    case 'pulumi:providers:kubernetes':
      return { ...inputs };
    default:
      if (args.custom === false) return {};
      // Kubernetes objects: the API server echoes the manifest (status is not modelled).
      if (args.type.startsWith('kubernetes:')) return { ...inputs };
      throw new Error(`the mocks do not know resource type ${args.type} (${args.name}); add its state to mockState`);
  }
}

/** Paths (such as `envs[4]`) inside resource props whose values are secret Outputs. */
async function secretPaths(value: unknown, at = ''): Promise<string[]> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value as pulumi.Output<unknown>)) return [at];
    return secretPaths(await unwrap(value as pulumi.Output<unknown>), at);
  }
  if (Array.isArray(value)) return (await Promise.all(value.map((v, i) => secretPaths(v, `${at}[${i}]`)))).flat();
  if (value !== null && typeof value === 'object' && !pulumi.Resource.isInstance(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return (await Promise.all(entries.map(([k, v]) => secretPaths(v, at ? `${at}.${k}` : k)))).flat();
  }
  return [];
}

/** Loads infra/index.ts for `stack` under mocks and waits for every registration. */
export interface RunOptions {
  /** Stack settings on top of the stack file. */
  readonly overrides?: Record<string, unknown>;
  /** The stack file to read (Pulumi.<stackFile>.yaml, or a repository path ending in .yaml); the stack's own by default. */
  readonly stackFile?: string;
  /** The program to load; infra/index.ts by default. */
  readonly program?: string;
  /** Config keys to treat as set with `pulumi config set --secret`. */
  readonly secretKeys?: readonly string[];
}

export interface MockState {
  readonly id?: string;
  readonly state: Record<string, unknown>;
}

export async function runProgram(stack: string, runOptions: RunOptions = {}): Promise<ProgramRun> {
  const { overrides = {}, stackFile = stack, program = PROGRAM, secretKeys = [] } = runOptions;
  const registered = new Map<string, Omit<Registration, 'protect' | 'retainOnDelete' | 'dependsOn' | 'parent'>>();
  const options = new Map<string, Pick<Registration, 'protect' | 'retainOnDelete' | 'dependsOn' | 'parent'>>();
  const props = new Map<string, unknown>();

  let failRun: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    failRun = reject;
  });
  failed.catch(() => undefined);
  pulumi.runtime.setAllConfig(stackConfig(stackFile, overrides), [...secretKeys]);
  await pulumi.runtime.setMocks(
    {
      async newResource(args) {
        const plainArgs = { ...args, inputs: plain(args.inputs) };
        let result: MockState;
        try {
          result = { id: `${args.name}-id`, state: mockState(plainArgs) };
        } catch (err) {
          // Thrown from here, the SDK would turn it into an unhandled rejection that ends the worker;
          // instead the run fails with it, and this registration gets an empty state.
          failRun(err);
          return { id: `${args.name}-failed`, state: {} };
        }
        registered.set(`${args.type}::${args.name}`, {
          type: args.type,
          name: args.name,
          urn: `urn:pulumi:${stack}::datahub::${args.type}::${args.name}`,
          inputs: plain(args.inputs) as Record<string, unknown>,
          secretInputs: new Set<string>(),
          custom: args.custom ?? true,
        });
        return { id: result.id ?? `${args.name}-id`, state: result.state };
      },
      call(args) {
        throw new Error(`the program made an unexpected provider call: ${args.token}`);
      },
    },
    'datahub',
    stack,
    false,
  );

  const created: pulumi.Resource[] = [];
  let loaded: Record<string, unknown> = {};
  let programError: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((t) => {
      const deps = t.opts.dependsOn;
      const list = deps === undefined ? [] : Array.isArray(deps) ? deps : [deps];
      props.set(`${t.type}::${t.name}`, t.props);
      created.push(t.resource);
      options.set(`${t.type}::${t.name}`, {
        protect: t.opts.protect === true,
        retainOnDelete: t.opts.retainOnDelete === true,
        dependsOn: list.map((d) => (pulumi.Resource.isInstance(d) ? nameOf(d) : '?')),
        parent: t.opts.parent ? nameOf(t.opts.parent) : undefined,
      });
      return undefined;
    });
    try {
      // The program is loaded by path, after the mocks are in place, exactly as the Pulumi host would.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(program) as Record<string, unknown>;
    } catch (err) {
      // Kept from the SDK, which would turn it into an uncaught exception that ends the worker.
      programError = err;
    }
    return loaded;
  });
  if (programError !== undefined) {
    throw Object.assign(programError as Error, {
      registered: [...registered.values()].map((r) => `${r.type}::${r.name}`),
    });
  }

  // Every resource's URN resolves once its registration completes; new ones may appear meanwhile.
  for (let settled = 0; settled < created.length;) {
    const batch = created.slice(settled);
    settled = created.length;
    await Promise.race([Promise.all(batch.map((r) => unwrap(r.urn))), failed]);
  }

  const outputs: Record<string, unknown> = {};
  const secretOutputs = new Set<string>();
  for (const [key, value] of Object.entries(loaded)) {
    if (pulumi.Output.isInstance(value)) {
      const [plain, secret] = await Promise.all([unwrap(value), pulumi.isSecret(value as pulumi.Output<unknown>)]);
      outputs[key] = plain;
      if (secret) secretOutputs.add(key);
    } else outputs[key] = value;
  }

  const resources: Registration[] = [];
  for (const [key, r] of registered) {
    const o = options.get(key) ?? { protect: false, retainOnDelete: false, dependsOn: [], parent: undefined };
    resources.push({ ...r, ...o, secretInputs: new Set(await secretPaths(props.get(key))) });
  }
  return {
    resources,
    outputs,
    secretOutputs,
    byType: (type) => resources.filter((r) => r.type === type),
    one(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found)
        throw new Error(`no ${type} named ${name}; have: ${resources.map((r) => `${r.type}::${r.name}`).join(', ')}`);
      return found;
    },
  };
}

function nameOf(resource: pulumi.Resource): string {
  return (resource as unknown as { __name?: string }).__name ?? '?';
}

/** The value of an Output, for assertions. */
export function unwrap<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
