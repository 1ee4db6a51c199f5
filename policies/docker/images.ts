/** Which bytes run: image references pinned to a version, and by digest where required. */
import type { ReportViolation, ResourceValidationPolicy } from '@pulumi/policy';
import { isImageId, parseImageRef } from '../shared/image-ref';
import { isUnknown, record, str } from '../shared/props';
import { configOf, forTypes } from '../shared/validate';
import { CONTAINER, IMAGE, REMOTE_IMAGE, describeContainer } from './resources';
import { booleanOption } from '../shared/config-options';

export interface PinConfig {
  /** Every pulled image (and every base image a build names) must carry @sha256:<digest>. */
  readonly requireDigest: boolean;
}
export const PIN_DEFAULTS: PinConfig = { requireDigest: false };

/** Build args naming a base image: BASE_IMAGE, MINIO_IMAGE, … */
const IMAGE_BUILD_ARG = /(^|_)IMAGE$/i;

/** What is wrong with how `image` is pinned, or undefined when it is pinned well enough. */
export function pinProblem(image: string, requireDigest: boolean): string | undefined {
  const ref = parseImageRef(image);
  // A digest names exact bytes; a tag next to it is only a comment.
  if (ref.digest !== undefined) return undefined;
  if (ref.tag === undefined) return 'has no tag, which means "latest"';
  if (ref.tag === 'latest') return 'uses the "latest" tag';
  if (requireDigest) return 'is not pinned by digest (requireDigest is on)';
  return undefined;
}

function check(
  what: string,
  image: string,
  requireDigest: boolean,
  reportViolation: ReportViolation,
  fixFor: string,
): void {
  const problem = pinProblem(image, requireDigest);
  if (problem === undefined) return;
  const { repository } = parseImageRef(image);
  const rule = requireDigest
    ? 'Images must be pinned by digest on this stack: a tag can be moved to other bytes, a digest cannot, so only a digest runs exactly what was reviewed.'
    : 'Images must be pinned to a version: "latest" (or no tag) changes under you, so two deployments of the same code run different software.';
  const example = requireDigest ? `"${repository}:<version>@sha256:<digest>"` : `"${repository}:<version>"`;
  const lookup = requireDigest
    ? ` (the digest of a tag: \`docker pull ${repository}:<version>\`, then \`docker inspect --format '{{index .RepoDigests 0}}' ${repository}:<version>\`)`
    : '';
  reportViolation(`${what} "${image}" ${problem}. ${rule} Fix: ${fixFor} ${example}${lookup}.`);
}

export const imagesPinned: ResourceValidationPolicy = {
  name: 'images-pinned',
  description:
    'Checks that Docker images are pinned to a version tag other than latest, and by digest when requireDigest is on.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      requireDigest: booleanOption(
        PIN_DEFAULTS.requireDigest,
        'Require @sha256:<digest> on every pulled image and every base image a build names.',
      ),
    },
  },
  validateResource: forTypes([REMOTE_IMAGE, CONTAINER, IMAGE], (props, args, reportViolation) => {
    const { requireDigest } = configOf(args, PIN_DEFAULTS);
    switch (args.type) {
      case REMOTE_IMAGE: {
        const name = str(props.name);
        if (typeof name === 'string') {
          check(`Remote image ${args.name}`, name, requireDigest, reportViolation, `set \`name\` to`);
        }
        return;
      }
      case CONTAINER: {
        const image = str(props.image);
        // An image id (sha256:…) names exact bytes: the program resolved the reference itself.
        if (typeof image !== 'string' || isImageId(image)) return;
        check(
          `The image of ${describeContainer(props, args.name)},`,
          image,
          requireDigest,
          reportViolation,
          'set `image` to the `imageId` of a docker.RemoteImage, or to',
        );
        return;
      }
      case IMAGE: {
        // The built image is named by a tag; its digest exists only after the build, and containers
        // run it by id. What must be pinned is the version tag, and the base images the build pulls.
        const imageName = str(props.imageName);
        if (typeof imageName === 'string') {
          const problem = pinProblem(imageName, false);
          if (problem !== undefined) {
            reportViolation(
              `Image ${args.name} is built as "${imageName}", which ${problem}. Built images must be tagged with a version: ` +
                'an image tagged latest is replaced in place, so a rollback cannot name the previous build. ' +
                'Fix: tag it with a version or a digest of the build context, such as "datahub-app:<16 hex>".',
            );
          }
        }
        const build = record(props.build);
        if (isUnknown(build)) return;
        const buildArgs = record(build.args);
        if (isUnknown(buildArgs)) return;
        for (const [key, value] of Object.entries(buildArgs)) {
          const base = str(value);
          if (!IMAGE_BUILD_ARG.test(key) || typeof base !== 'string') continue;
          check(
            `Image ${args.name}'s base image (build arg ${key})`,
            base,
            requireDigest,
            reportViolation,
            'set the build arg to',
          );
        }
        return;
      }
    }
  }),
};

export const dockerImagePolicies: readonly ResourceValidationPolicy[] = [imagesPinned];
