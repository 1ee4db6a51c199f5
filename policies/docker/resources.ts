/**
 * The Docker resources the policies look at: their type tokens, and the facts of a container
 * (its service, labels, env and uploaded files) read from its props.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy';
import { DOCKER_LABELS, type Service, isService } from '../../contracts/services';
import { isImageId, parseImageRef } from '../shared/image-ref';
import { type Known, type Props, UNKNOWN, isUnknown, knownRecords, list, propsOf, record, str } from '../shared/props';
import { forTypes } from '../shared/validate';

export const CONTAINER = 'docker:index/container:Container';
export const VOLUME = 'docker:index/volume:Volume';
export const REMOTE_IMAGE = 'docker:index/remoteImage:RemoteImage';
export const IMAGE = 'docker:index/image:Image';

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

/**
 * forContainers for long-running services only: a container with `attach: true` runs to
 * completion at deploy time (a one-shot job), so service rules such as health and restart do not apply.
 */
export function forServiceContainers(validate: (container: ContainerCheck) => void): ResourceValidation {
  return forContainers((container) => {
    if (container.props.attach === true) container.args.notApplicable('one-shot container (attach: true)');
    validate(container);
  });
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
  const uploads = knownRecords(props.uploads);
  let sawUnknown = !uploads.complete;
  for (const upload of uploads.values) {
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
