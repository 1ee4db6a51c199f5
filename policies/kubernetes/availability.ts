/** That the app survives a node drain: enough replicas (or an autoscaler from enough), and a PodDisruptionBudget. */
import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { KUBERNETES_LABELS, PART_OF } from '../../contracts/services';
import { type Known, type Props, isUnknown, num, propsOf, record, recordAt, str } from '../shared/props';
import { configOf } from '../shared/validate';
import { DEPLOYMENT, HORIZONTAL_POD_AUTOSCALER, POD_DISRUPTION_BUDGET, describeWorkload } from './workloads';
import { integerOption } from '../shared/config-options';

export interface AppSelectorConfig {
  /** The labels that mark the app's Deployment. */
  readonly appLabels: Readonly<Record<string, string>>;
}
export interface AppReplicasConfig extends AppSelectorConfig {
  readonly minReplicas: number;
}
export const APP_SELECTOR_DEFAULTS: AppSelectorConfig = {
  appLabels: { [KUBERNETES_LABELS.partOf]: PART_OF, [KUBERNETES_LABELS.name]: 'app' },
};
export const APP_REPLICAS_DEFAULTS: AppReplicasConfig = { ...APP_SELECTOR_DEFAULTS, minReplicas: 2 };

const appLabelsSchema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  default: { ...APP_SELECTOR_DEFAULTS.appLabels },
  description: "The labels that mark the app's Deployment.",
} as const;

const labelsOf = (props: Props): Readonly<Record<string, unknown>> => {
  const metadata = record(props.metadata);
  if (isUnknown(metadata)) return {};
  const labels = record(metadata.labels);
  return isUnknown(labels) ? {} : labels;
};
const nameOf = (props: Props): string | undefined => {
  const metadata = record(props.metadata);
  const name = isUnknown(metadata) ? undefined : str(metadata.name);
  return typeof name === 'string' ? name : undefined;
};
const namespaceOf = (props: Props): Known<string> | undefined => {
  const metadata = record(props.metadata);
  return isUnknown(metadata) ? metadata : str(metadata.namespace);
};

interface AppDeployment {
  readonly resource: PolicyResource;
  readonly props: Props;
  readonly label: string;
}

/** The Deployments the app labels mark. */
function appDeployments(resources: readonly PolicyResource[], appLabels: Readonly<Record<string, string>>) {
  return resources
    .filter((r) => r.type === DEPLOYMENT)
    .map((resource): AppDeployment => {
      const props = propsOf(resource);
      return { resource, props, label: describeWorkload(DEPLOYMENT, props, resource.name) };
    })
    .filter((d) => Object.entries(appLabels).every(([k, v]) => labelsOf(d.props)[k] === v));
}

export const kubernetesAppReplicas: StackValidationPolicy = {
  name: 'kubernetes-app-replicas',
  description:
    "Checks that the app's Kubernetes Deployment runs at least the minimum replicas, or is autoscaled from it.",
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      appLabels: appLabelsSchema,
      minReplicas: integerOption(
        APP_REPLICAS_DEFAULTS.minReplicas,
        1,
        'The fewest replicas the app may run (or its autoscaler may scale it to).',
      ),
    },
  },
  validateStack: (args, reportViolation) => {
    const { appLabels, minReplicas } = configOf(args, APP_REPLICAS_DEFAULTS);
    const apps = appDeployments(args.resources, appLabels);
    if (apps.length === 0) args.notApplicable('no app Deployment in the stack');
    const reason = `The app must run at least ${minReplicas} replicas: with fewer, every rollout, node drain or crash is an outage.`;
    const autoscalers = args.resources.filter((r) => r.type === HORIZONTAL_POD_AUTOSCALER).map(propsOf);
    for (const app of apps) {
      const spec = record(app.props.spec);
      if (isUnknown(spec)) continue;
      const replicas = num(spec.replicas);
      if (isUnknown(replicas)) continue;
      const name = nameOf(app.props);
      // Autoscalers of this Deployment; one whose target is unknown during preview may be one.
      const scalers = autoscalers.filter((hpa) => {
        const target = recordAt(hpa, 'spec', 'scaleTargetRef');
        if (isUnknown(target)) return true;
        const targetName = str(target.name);
        return target.kind === 'Deployment' && (isUnknown(targetName) || targetName === name);
      });
      for (const hpa of scalers) {
        const hpaSpec = record(hpa.spec);
        if (isUnknown(hpaSpec)) continue;
        const min = num(hpaSpec.minReplicas);
        if (isUnknown(min) || (min ?? 1) >= minReplicas) continue;
        reportViolation(
          `${app.label} is autoscaled with minReplicas ${min ?? '1 (unset)'}. ${reason} ` +
            `Fix: set the HorizontalPodAutoscaler's minReplicas to at least ${minReplicas} (datahub:kubernetes.hpa.minReplicas).`,
          app.resource.urn,
        );
      }
      if (replicas === undefined && scalers.length > 0) continue;
      if ((replicas ?? 1) < minReplicas) {
        reportViolation(
          `${app.label} runs ${replicas ?? '1 (replicas unset)'} replica${replicas === 1 || replicas === undefined ? '' : 's'}. ${reason} ` +
            `Fix: set spec.replicas to at least ${minReplicas} (datahub:kubernetes.appReplicas), or autoscale it from ${minReplicas}.`,
          app.resource.urn,
        );
      }
    }
  },
};

/** Whether a PDB's matchLabels select the pods of a template with these labels. */
const selects = (matchLabels: Readonly<Record<string, unknown>>, podLabels: Readonly<Record<string, unknown>>) =>
  Object.keys(matchLabels).length > 0 && Object.entries(matchLabels).every(([k, v]) => podLabels[k] === v);

export const kubernetesAppDisruptionBudget: StackValidationPolicy = {
  name: 'kubernetes-app-disruption-budget',
  description: "Checks that the app's Kubernetes Deployment has a PodDisruptionBudget selecting its pods.",
  enforcementLevel: 'mandatory',
  configSchema: { properties: { appLabels: appLabelsSchema } },
  validateStack: (args, reportViolation) => {
    const { appLabels } = configOf(args, APP_SELECTOR_DEFAULTS);
    const apps = appDeployments(args.resources, appLabels);
    if (apps.length === 0) args.notApplicable('no app Deployment in the stack');
    const budgets = args.resources.filter((r) => r.type === POD_DISRUPTION_BUDGET).map(propsOf);
    for (const app of apps) {
      const template = recordAt(app.props, 'spec', 'template');
      if (isUnknown(template)) continue;
      const podLabels = labelsOf(template);
      const namespace = namespaceOf(app.props);
      const covering = budgets.filter((pdb) => {
        const matchLabels = recordAt(pdb, 'spec', 'selector', 'matchLabels');
        if (isUnknown(matchLabels)) return true;
        const pdbNamespace = namespaceOf(pdb);
        const sameNamespace = isUnknown(pdbNamespace) || isUnknown(namespace) || pdbNamespace === namespace;
        return sameNamespace && selects(matchLabels, podLabels);
      });
      if (covering.length > 0) continue;
      reportViolation(
        `${app.label} has no PodDisruptionBudget selecting its pods. The app must have one: without it a node ` +
          'drain or cluster upgrade may evict every replica at once. ' +
          'Fix: declare a policy/v1 PodDisruptionBudget in its namespace with `maxUnavailable: 1` and ' +
          "`selector.matchLabels` equal to the Deployment's selector.",
        app.resource.urn,
      );
    }
  },
};

export const kubernetesAvailabilityPolicies: readonly StackValidationPolicy[] = [
  kubernetesAppReplicas,
  kubernetesAppDisruptionBudget,
];
