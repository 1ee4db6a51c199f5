/**
 * What the ops CLI asks the Docker platform about plans and state. Pure, and without
 * @pulumi/docker at run time: the CLI loads it without a Pulumi program.
 */
import { isDestructive, type PlatformRules, type StateEntry } from '../platform';
import { resourceNameOf, typeAndName } from '../urn';
import { DOCKER_LABELS } from '../../contracts/services';

const VOLUME = 'docker:index/volume:Volume';
const CONTAINER = 'docker:index/container:Container';
const PROVIDER = 'pulumi:providers:docker';

/** The Docker host the stack's provider was given (`datahub:dockerHost`), from its inputs in state. */
function providerHost(resources: readonly StateEntry[]): string | undefined {
  const host = resources.find((r) => r.type === PROVIDER)?.inputs?.host;
  return typeof host === 'string' && host !== '' ? host : undefined;
}

export const dockerRules: PlatformRules = {
  name: 'docker',

  ownsType: (type) => type.startsWith('docker:') || type === PROVIDER,

  dataLossOf(step) {
    if (!isDestructive(step)) return undefined;
    const name = resourceNameOf(step.urn);
    if (step.type === VOLUME) return `${step.op} of data volume ${name}`;
    // MinIO's container is where its data volume is mounted: a changed mount loses the data it had.
    if (step.type === CONTAINER && name.endsWith('minio') && step.diffs?.includes('volumes')) {
      return `${step.op} of ${name} with a changed data mount`;
    }
    return undefined;
  },

  holdsData: (resource) => resource.type === VOLUME,

  describe: (resource) =>
    resource.type === VOLUME && resource.name ? `volume ${resource.name}` : typeAndName(resource),

  retainedData: (resources) => ({
    remove: resources.filter((r) => r.type === VOLUME && r.retainOnDelete && r.name).map((r) => r.name as string),
    host: providerHost(resources),
    // Every retained Docker resource is a named data volume, which the CLI removes itself.
    manual: [],
    deleteManually: 'delete them with docker volume rm <volume>',
  }),

  inspectCommand: ({ stack }) => `docker ps -a --filter label=${DOCKER_LABELS.stack}=${stack}`,
};
