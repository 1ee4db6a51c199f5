/**
 * The Kubernetes workloads the policies look at, matched by their type tokens (the pack needs no
 * Kubernetes SDK): their pod specs, their containers, and how messages name them.
 */
import { type Known, type Props, isUnknown, list, record, str } from '../shared/props';
import { forTypes } from '../shared/validate';

export const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
export const STATEFUL_SET = 'kubernetes:apps/v1:StatefulSet';
export const DAEMON_SET = 'kubernetes:apps/v1:DaemonSet';
export const JOB = 'kubernetes:batch/v1:Job';
export const CRON_JOB = 'kubernetes:batch/v1:CronJob';
export const POD = 'kubernetes:core/v1:Pod';
export const POD_DISRUPTION_BUDGET = 'kubernetes:policy/v1:PodDisruptionBudget';
export const HORIZONTAL_POD_AUTOSCALER = 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler';

/** Every type that runs pods. */
export const WORKLOADS = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, JOB, CRON_JOB, POD] as const;
/** Workloads whose pods run until replaced: these need probes. */
export const LONG_RUNNING = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, POD] as const;

/** The pod spec of a workload's props (Pod: spec; CronJob: spec.jobTemplate.spec.template.spec; others: spec.template.spec). */
export function podSpecOf(type: string, props: Props): Known<Props> {
  const path =
    type === POD
      ? ['spec']
      : type === CRON_JOB
        ? ['spec', 'jobTemplate', 'spec', 'template', 'spec']
        : ['spec', 'template', 'spec'];
  let node: Known<Props> = props;
  for (const key of path) {
    if (isUnknown(node)) return node;
    node = record(node[key]);
  }
  return node;
}

/** How messages name a workload: its kind, its Kubernetes name and the resource name. */
export function describeWorkload(type: string, props: Props, resourceName: string): string {
  const kind = type.slice(type.lastIndexOf(':') + 1);
  const metadata = record(props.metadata);
  const name = isUnknown(metadata) ? undefined : str(metadata.name);
  return typeof name === 'string' ? `${kind} "${name}" (${resourceName})` : `${kind} ${resourceName}`;
}

export interface PodContainer {
  readonly props: Props;
  /** `container "app"` or `init container "setup"`. */
  readonly label: string;
  readonly init: boolean;
}

/** The known containers and init containers of a pod spec. */
export function podContainers(pod: Props): PodContainer[] {
  const of = (value: unknown, init: boolean): PodContainer[] => {
    const items = list(value);
    if (isUnknown(items)) return [];
    return items.flatMap((item, i) => {
      const c = record(item);
      if (isUnknown(c)) return [];
      const name = str(c.name);
      const label = `${init ? 'init container' : 'container'} ${typeof name === 'string' ? `"${name}"` : `#${i}`}`;
      return [{ props: c, label, init }];
    });
  };
  return [...of(pod.initContainers, true), ...of(pod.containers, false)];
}

export interface WorkloadCheck {
  readonly type: string;
  readonly props: Props;
  readonly pod: Props;
  readonly containers: readonly PodContainer[];
  /** `Deployment "app" (app-deployment)`. */
  readonly label: string;
  readonly report: (message: string) => void;
  readonly notApplicable: (reason?: string) => never;
  readonly getConfig: <T extends object>() => T;
}

/** Runs `validate` on the pod spec of every workload; skips a pod spec unknown during preview. */
export function forWorkloads(types: readonly string[], validate: (w: WorkloadCheck) => void) {
  return forTypes(types, (props, args, reportViolation) => {
    const pod = podSpecOf(args.type, props);
    if (isUnknown(pod)) return;
    validate({
      type: args.type,
      props,
      pod,
      containers: podContainers(pod),
      label: describeWorkload(args.type, props, args.name),
      report: (message) => reportViolation(message),
      notApplicable: args.notApplicable,
      getConfig: args.getConfig,
    });
  });
}
