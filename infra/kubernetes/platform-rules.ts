/**
 * What the ops CLI asks the Kubernetes platform about plans and state. Pure, and without
 * @pulumi/kubernetes at run time: the CLI loads it without a Pulumi program.
 */
import { isDestructive, type PlatformRules } from '../platform';
import { resourceNameOf, typeAndName } from '../urn';
import { KUBERNETES_LABELS } from '../../contracts/services';

const CLAIM = 'kubernetes:core/v1:PersistentVolumeClaim';
const NAMESPACE = 'kubernetes:core/v1:Namespace';

export const kubernetesRules: PlatformRules = {
  name: 'kubernetes',

  ownsType: (type) => type.startsWith('kubernetes:') || type === 'pulumi:providers:kubernetes',

  dataLossOf(step) {
    if (!isDestructive(step)) return undefined;
    const name = resourceNameOf(step.urn);
    if (step.type === CLAIM) return `${step.op} of volume claim ${name}`;
    if (step.type === NAMESPACE) return `${step.op} of namespace ${name} (its volume claims go with it)`;
    return undefined;
  },

  // Deleting the namespace deletes the claims in it.
  holdsData: (resource) => resource.type === CLAIM || resource.type === NAMESPACE,

  describe: typeAndName,

  retainedData: (resources) => ({
    // The CLI deletes nothing on a cluster itself.
    remove: [],
    host: undefined,
    manual: resources.filter((r) => r.retainOnDelete),
    deleteManually: 'delete them with kubectl (kubectl delete namespace <namespace> removes the claims with it)',
  }),

  inspectCommand({ stack, kubernetes }) {
    const selector = `-l ${KUBERNETES_LABELS.instance}=${stack}`;
    if (!kubernetes) return `kubectl get pods --all-namespaces ${selector}`;
    const context = kubernetes.context ? ` --context ${kubernetes.context}` : '';
    return `kubectl get pods${context} -n ${kubernetes.namespace} ${selector}`;
  },
};
