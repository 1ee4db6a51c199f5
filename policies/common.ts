/**
 * What every policy file shares: the Docker resource types, reading props that may be unknown
 * during `pulumi preview`, and the container facts the policies look at (service, env, labels).
 * No policy lives here; index.ts builds the pack from the per-domain files.
 */
import * as policySdk from '@pulumi/policy';
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy';
import { DOCKER_LABELS, type Service, isService } from '../contracts/services';

/**
 * @pulumi/policy's unknown-value checking: the host wraps props in `unknownCheckingProxy`, which
 * throws `UnknownValueError` on reading a value unknown during preview. Its index exports both
 * at runtime, but they are marked @internal, so its .d.ts leaves them out: typed here.
 */
interface UnknownChecking {
  readonly UnknownValueError: new (unknownTypeSentinel: string, props: readonly PropertyKey[]) => Error;
  readonly unknownCheckingProxy: <T extends object>(toProxy: T) => T;
}
const unknownChecking = policySdk as unknown as Partial<UnknownChecking>;
if (
  typeof unknownChecking.UnknownValueError !== 'function' ||
  typeof unknownChecking.unknownCheckingProxy !== 'function'
) {
  throw new Error(
    '@pulumi/policy no longer exports UnknownValueError and unknownCheckingProxy: pin @pulumi/policy 1.21.0',
  );
}
export const UnknownValueError = unknownChecking.UnknownValueError;
export const unknownCheckingProxy = unknownChecking.unknownCheckingProxy;

/** The SDK types the tests build policy args with (tests/support/policy-args.ts). */
export type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from '@pulumi/policy';

export const CONTAINER = 'docker:index/container:Container';
export const VOLUME = 'docker:index/volume:Volume';
export const REMOTE_IMAGE = 'docker:index/remoteImage:RemoteImage';
export const IMAGE = 'docker:index/image:Image';

/**
 * A value that cannot be known yet: during `pulumi preview`, anything computed from another
 * resource's outputs, such as a password from @pulumi/random on its first deployment.
 */
export const UNKNOWN: unique symbol = Symbol('unknown during preview');
export type Unknown = typeof UNKNOWN;
export type Known<T> = T | Unknown;
export const isUnknown = (value: unknown): value is Unknown => value === UNKNOWN;

/** Resource props as plain data: every value unknown at preview time replaced by UNKNOWN. */
export type Props = Readonly<Record<string, unknown>>;

/**
 * The policy host hands props over behind @pulumi/policy's `unknownCheckingProxy`, which throws
 * `UnknownValueError` on reading a value that is unknown during preview; a policy that lets it
 * escape is reported as "can't run during preview" as a whole. Reading through the proxy once,
 * field by field, makes only the unknown values unknown: one generated password in `envs` must
 * not stop the checks of everything else. Plain objects (as in tests) come through unchanged.
 */
export function snapshot(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(readField(() => value[i] as unknown));
    return items;
  }
  const fields = value as Readonly<Record<string, unknown>>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) copy[key] = readField(() => fields[key]);
  return copy;
}

function readField(read: () => unknown): unknown {
  try {
    return snapshot(read());
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}

export function propsOf(resource: { props: Record<string, unknown> }): Props {
  const copy = snapshot(resource.props);
  return copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Props) : {};
}

/** A string, UNKNOWN, or undefined when absent or of another type. */
export function str(value: unknown): Known<string> | undefined {
  return isUnknown(value) || typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): Known<number> | undefined {
  return isUnknown(value) || typeof value === 'number' ? value : undefined;
}

/** A list ([] when absent), or UNKNOWN when the whole list is unknown. */
export function list(value: unknown): Known<readonly unknown[]> {
  if (isUnknown(value)) return UNKNOWN;
  return Array.isArray(value) ? value : [];
}

/** An object ({} when absent), or UNKNOWN. */
export function record(value: unknown): Known<Props> {
  if (isUnknown(value)) return UNKNOWN;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Props) : {};
}

/** The known strings of a list, and whether some entries (or the whole list) are unknown. */
export function knownStrings(value: unknown): { readonly values: readonly string[]; readonly complete: boolean } {
  const items = list(value);
  if (isUnknown(items)) return { values: [], complete: false };
  const values = items.filter((v): v is string => typeof v === 'string');
  return { values, complete: !items.some(isUnknown) };
}

/** Runs `validate` on resources of the given types only; the others are reported not applicable. */
export function forTypes(
  types: readonly string[],
  validate: (props: Props, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  return (args, reportViolation) => {
    if (!types.includes(args.type)) args.notApplicable(`applies only to ${types.join(', ')}`);
    validate(propsOf(args), args, reportViolation);
  };
}

/** One container under a resource policy: its plain props and how messages name it. */
export interface ContainerCheck {
  readonly props: Props;
  /** `container "<docker name>" (<resource name>)`. */
  readonly label: string;
  readonly args: ResourceValidationArgs;
  readonly reportViolation: ReportViolation;
}

export function forContainers(validate: (container: ContainerCheck) => void): ResourceValidation {
  return forTypes([CONTAINER], (props, args, reportViolation) =>
    validate({ props, args, reportViolation, label: describeContainer(props, args.name) }),
  );
}

/** The policy's config with its defaults under whatever the policy config file sets. */
export function configOf<T extends object>(args: ResourceValidationArgs | StackValidationArgs, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** Known container labels ([{ label, value }] in the Docker provider). */
export function labelsOf(props: Props): ReadonlyMap<string, string> {
  const labels = list(props.labels);
  const known = new Map<string, string>();
  if (isUnknown(labels)) return known;
  for (const entry of labels) {
    const item = record(entry);
    if (isUnknown(item)) continue;
    const label = str(item.label);
    const value = str(item.value);
    if (typeof label === 'string' && typeof value === 'string') known.set(label, value);
  }
  return known;
}

/**
 * Which DataHub service a container runs: its `org.datahub.service` label, or for unlabelled
 * containers the image's repository name (minio/minio → minio, prom/prometheus → prometheus,
 * grafana/grafana-oss → grafana, datahub-app → app). Undefined when neither says.
 */
export function serviceOf(props: Props): Service | undefined {
  const label = labelsOf(props).get(DOCKER_LABELS.service);
  if (label !== undefined && isService(label)) return label;
  const image = str(props.image);
  if (typeof image !== 'string' || isImageId(image)) return undefined;
  const repository = parseImageRef(image).repository;
  const base = repository
    .slice(repository.lastIndexOf('/') + 1)
    .replace(/^datahub-/, '')
    .replace(/-(oss|enterprise)$/, '');
  return isService(base) ? base : undefined;
}

/** How violations name a container: its Docker name and the resource name. */
export function describeContainer(props: Props, resourceName: string): string {
  const name = str(props.name);
  return typeof name === 'string' && name !== ''
    ? `container "${name}" (${resourceName})`
    : `container ${resourceName}`;
}

export interface ImageRef {
  /** [registry/]path, without tag or digest. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when the reference carries one. */
  readonly digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** A local image id (`sha256:<64 hex>`), as a container's `image` holds when it runs a resolved image. */
export const isImageId = (image: string): boolean => DIGEST.test(image);

/** Splits `[registry[:port]/]path[:tag][@sha256:digest]`. */
export function parseImageRef(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const rest = at === -1 ? image : image.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return {
    repository: hasTag ? rest.slice(0, colon) : rest,
    ...(hasTag ? { tag: rest.slice(colon + 1) } : {}),
    ...(digest !== undefined && DIGEST.test(digest) ? { digest } : {}),
  };
}

export interface EnvVars {
  /** NAME → value of every known `NAME=value` entry. */
  readonly vars: ReadonlyMap<string, string>;
  /** False when some entries are unknown: an absent name may be one of them. */
  readonly complete: boolean;
}

/** The container's environment (`envs: ["NAME=value", …]`), or UNKNOWN when the whole list is. */
export function envOf(props: Props): Known<EnvVars> {
  const entries = list(props.envs);
  if (isUnknown(entries)) return UNKNOWN;
  const vars = new Map<string, string>();
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const eq = entry.indexOf('=');
    if (eq > 0) vars.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return { vars, complete: !entries.some(isUnknown) };
}

/** A stack's containers with their plain props and service. */
export interface StackContainer {
  readonly resource: PolicyResource;
  readonly props: Props;
  readonly service: Service | undefined;
  readonly label: string;
}

export function stackContainers(args: StackValidationArgs): StackContainer[] {
  return args.resources
    .filter((r) => r.type === CONTAINER)
    .map((resource) => {
      const props = propsOf(resource);
      return { resource, props, service: serviceOf(props), label: describeContainer(props, resource.name) };
    });
}

/** The `content` of the container's upload at `path`: undefined when there is none. */
export function uploadAt(props: Props, path: string): Known<string> | undefined {
  const uploads = list(props.uploads);
  if (isUnknown(uploads)) return UNKNOWN;
  let sawUnknown = false;
  for (const entry of uploads) {
    const upload = record(entry);
    if (isUnknown(upload)) {
      sawUnknown = true;
      continue;
    }
    const file = str(upload.file);
    if (isUnknown(file)) sawUnknown = true;
    if (file === path) return str(upload.content);
  }
  return sawUnknown ? UNKNOWN : undefined;
}

/** The known `{ file, content }` uploads of a container. */
export function uploadsOf(props: Props): { file: string; content: Known<string> | undefined }[] {
  const uploads = list(props.uploads);
  if (isUnknown(uploads)) return [];
  return uploads.flatMap((entry) => {
    const upload = record(entry);
    if (isUnknown(upload)) return [];
    const file = str(upload.file);
    return typeof file === 'string' ? [{ file, content: str(upload.content) }] : [];
  });
}
