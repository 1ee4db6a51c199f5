/**
 * Runs CrossGuard policies without the engine: builds the args @pulumi/policy 1.21's host passes
 * (props behind its unknown-checking proxy, opts, getConfig, notApplicable, isType/asType) and
 * collects violations, in the style of pulumi-policy-aws's src/tests/util.ts. Never import
 * policies/index.ts: constructing the PolicyPack starts its gRPC server.
 */
import { unknownValue } from '@pulumi/pulumi/runtime/rpc';
import {
  UnknownValueError,
  unknownCheckingProxy,
  type PolicyResource,
  type PolicyResourceOptions,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from '../../policies/shared/policy-sdk';
import type { Registration } from './pulumi-program';

/** What the engine sends for a value unknown during preview (the SDK's `rpc.unknownValue`). */
export const UNKNOWN_VALUE: string = unknownValue;

/** One policy's config: the properties of its entry in a policy config file. */
export type PolicyConfig = Readonly<Record<string, unknown>>;
/** A policy config file (`--policy-pack-config`): policy name → config, optionally with enforcementLevel. */
export type PackConfig = Readonly<Record<string, PolicyConfig>>;

/** What `getConfig` returns for a policy under a pack config: its entry without enforcementLevel. */
export function configFor(pack: PackConfig | undefined, policyName: string): PolicyConfig {
  const { enforcementLevel: _level, ...properties } = pack?.[policyName] ?? {};
  return properties;
}

class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? '');
};

export function resourceOptions(opts: Partial<PolicyResourceOptions> = {}): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...opts,
  };
}

const pulumiTypeOf = (resourceClass: unknown) => (resourceClass as { __pulumiType?: unknown }).__pulumiType;

export interface ResourceInput {
  readonly type: string;
  /** Inputs as the engine sends them: UNKNOWN_VALUE where a value is unknown during preview. */
  readonly props: Record<string, unknown>;
  readonly name?: string;
  readonly urn?: string;
  readonly opts?: Partial<PolicyResourceOptions>;
  readonly config?: PolicyConfig;
}

const urnOf = (type: string, name: string) => `urn:pulumi:test::datahub::${type}::${name}`;

/** `ResourceValidationArgs` as the 1.21 host builds them (server.js makeAnalyzeRpcFun). */
export function resourceArgs(input: ResourceInput): ResourceValidationArgs {
  const name = input.name ?? 'subject';
  const props = unknownCheckingProxy({ ...input.props });
  return {
    type: input.type,
    props,
    urn: input.urn ?? urnOf(input.type, name),
    name,
    opts: resourceOptions(input.opts),
    stackTags: new Map(),
    isType: (resourceClass) => pulumiTypeOf(resourceClass) === input.type,
    // The host hands back the (proxied) props when the type matches; the typed view is the caller's.
    asType: ((resourceClass: unknown) =>
      pulumiTypeOf(resourceClass) === input.type ? props : undefined) as ResourceValidationArgs['asType'],
    getConfig: <T extends object>() => ({ ...input.config }) as T,
    notApplicable,
  };
}

/** A resource of a stack under `validateStack` (its props are its outputs; the mocks echo inputs). */
export function policyResource(input: Omit<ResourceInput, 'config'>): PolicyResource {
  const name = input.name ?? 'subject';
  const props = unknownCheckingProxy({ ...input.props });
  return {
    type: input.type,
    props,
    urn: input.urn ?? urnOf(input.type, name),
    name,
    opts: resourceOptions(input.opts),
    dependencies: [],
    propertyDependencies: {},
    isType: (resourceClass) => pulumiTypeOf(resourceClass) === input.type,
    asType: ((resourceClass: unknown) =>
      pulumiTypeOf(resourceClass) === input.type ? props : undefined) as PolicyResource['asType'],
  };
}

export function stackArgs(resources: readonly PolicyResource[], config: PolicyConfig = {}): StackValidationArgs {
  return {
    resources: [...resources],
    stackTags: new Map(),
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable,
  };
}

/** Sets `value` at a path such as `envs[4]` or `healthcheck.tests[0]`. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let node: Record<string, unknown> = target;
  keys.slice(0, -1).forEach((key) => {
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
}

export interface FromRegistration {
  readonly config?: PolicyConfig;
  /** Make every secret input unknown, as on the first preview (generated passwords do not exist yet). */
  readonly unknownSecrets?: boolean;
}

/**
 * A deep copy made in this realm. Not structuredClone: under jest it builds objects of Node's
 * realm, which fail the proxy's `instanceof Object` test and so would never be checked for unknowns.
 */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  }
  return value;
}

function registrationInput(r: Registration, unknownSecrets: boolean): Omit<ResourceInput, 'config'> {
  const props = clone(r.inputs) as Record<string, unknown>;
  if (unknownSecrets) for (const path of r.secretInputs) setPath(props, path, UNKNOWN_VALUE);
  return { type: r.type, name: r.name, urn: r.urn, props, opts: { protect: r.protect } };
}

/** A registration of the real program as policy args: props = its inputs, opts.protect from its options. */
export function fromRegistration(r: Registration, options: FromRegistration = {}): ResourceValidationArgs {
  return resourceArgs({ ...registrationInput(r, options.unknownSecrets ?? false), config: options.config ?? {} });
}

export function stackFromRegistrations(
  rs: readonly Registration[],
  options: FromRegistration = {},
): StackValidationArgs {
  return stackArgs(
    rs.map((r) => policyResource(registrationInput(r, options.unknownSecrets ?? false))),
    options.config ?? {},
  );
}

export interface Violation {
  readonly message: string;
  readonly urn?: string;
}

export interface PolicyOutcome {
  readonly violations: readonly Violation[];
  /** The reason the policy gave for not applying, if it did not. */
  readonly notApplicable?: string;
}

async function collect(
  policyName: string,
  run: (report: (message: string, urn?: string) => void) => Promise<void> | void,
): Promise<PolicyOutcome> {
  const violations: Violation[] = [];
  try {
    await run((message, urn) => violations.push(urn === undefined ? { message } : { message, urn }));
  } catch (err) {
    if (err instanceof NotApplicable) return { violations, notApplicable: err.reason };
    if (err instanceof UnknownValueError) {
      // The host would turn this into an advisory "can't run policy during preview": a bug in the policy.
      throw new Error(`policy ${policyName} let an unknown value abort it: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return { violations };
}

export function runResourcePolicy(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<PolicyOutcome> {
  const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
  return collect(policy.name, async (report) => {
    for (const validate of validations) await validate(args, report);
  });
}

export function runStackPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<PolicyOutcome> {
  return collect(policy.name, (report) => policy.validateStack(args, report));
}

const matcher = (expected: string | RegExp) =>
  typeof expected === 'string' ? expect.stringContaining(expected) : expect.stringMatching(expected);

export async function assertHasResourceViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
  expected: string | RegExp,
): Promise<void> {
  const outcome = await runResourcePolicy(policy, args);
  expect(outcome.violations.map((v) => v.message)).toContainEqual(matcher(expected));
}

export async function assertNoResourceViolations(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const outcome = await runResourcePolicy(policy, args);
  expect({ policy: policy.name, violations: outcome.violations.map((v) => v.message) }).toEqual({
    policy: policy.name,
    violations: [],
  });
}

export async function assertNotApplicable(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
  reason?: string | RegExp,
): Promise<void> {
  const outcome = await runResourcePolicy(policy, args);
  expect(outcome.violations).toEqual([]);
  expect(outcome.notApplicable).toEqual(reason === undefined ? expect.any(String) : matcher(reason));
}

export async function assertHasStackViolation(
  policy: StackValidationPolicy,
  args: StackValidationArgs,
  expected: string | RegExp,
  urn?: string,
): Promise<void> {
  const outcome = await runStackPolicy(policy, args);
  expect(outcome.violations).toContainEqual(
    urn === undefined ? expect.objectContaining({ message: matcher(expected) }) : { message: matcher(expected), urn },
  );
}

export async function assertNoStackViolations(policy: StackValidationPolicy, args: StackValidationArgs): Promise<void> {
  const outcome = await runStackPolicy(policy, args);
  expect({ policy: policy.name, violations: outcome.violations.map((v) => v.message) }).toEqual({
    policy: policy.name,
    violations: [],
  });
}
