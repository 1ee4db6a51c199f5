import { imagesPinned, pinProblem } from '../../../policies/docker/images';
import { assertHasResourceViolation, assertNoResourceViolations, runResourcePolicy } from '../../support/policy-args';
import {
  DIGEST,
  IMAGE_ID,
  UNKNOWN_VALUE,
  builtImage,
  container,
  hardenedContainer,
  remoteImage,
} from './fixtures/props';

const DIGESTS = { requireDigest: true };

describe('pinProblem', () => {
  it.each([
    ['minio/minio', false, 'has no tag, which means "latest"'],
    ['minio/minio:latest', false, 'uses the "latest" tag'],
    ['localhost:5000/minio', false, 'has no tag, which means "latest"'],
    ['prom/prometheus:v3.5.0', false, undefined],
    ['localhost:5000/prom/prometheus:v3.5.0', false, undefined],
    ['prom/prometheus:v3.5.0', true, 'is not pinned by digest (requireDigest is on)'],
    [`prom/prometheus:v3.5.0@${DIGEST}`, true, undefined],
    [`prom/prometheus@${DIGEST}`, true, undefined],
    [`prom/prometheus:latest@${DIGEST}`, false, undefined],
  ])('%s (requireDigest %s): %s', (image, requireDigest, problem) => {
    expect(pinProblem(image, requireDigest)).toBe(problem);
  });
});

describe('images-pinned', () => {
  it('accepts version-tagged remote images, and digests when requireDigest is on', async () => {
    await assertNoResourceViolations(imagesPinned, remoteImage('prom/prometheus:v3.5.0'));
    await assertNoResourceViolations(imagesPinned, remoteImage(`prom/prometheus:v3.5.0@${DIGEST}`, DIGESTS));
  });

  it('flags latest and untagged remote images with the rule and the fix', async () => {
    await assertHasResourceViolation(
      imagesPinned,
      remoteImage('minio/minio:latest'),
      /^Remote image upstream "minio\/minio:latest" uses the "latest" tag\. Images must be pinned to a version: .*Fix: set `name` to "minio\/minio:<version>"\.$/,
    );
    await assertHasResourceViolation(
      imagesPinned,
      remoteImage('grafana/grafana'),
      '"grafana/grafana" has no tag, which means "latest"',
    );
  });

  it('flags a tag without digest when requireDigest is on, saying how to find the digest', async () => {
    await assertHasResourceViolation(
      imagesPinned,
      remoteImage('prom/prometheus:v3.5.0', DIGESTS),
      /is not pinned by digest \(requireDigest is on\)\. Images must be pinned by digest on this stack: .*Fix: set `name` to "prom\/prometheus:<version>@sha256:<digest>" \(the digest of a tag: `docker pull prom\/prometheus:<version>`/,
    );
  });

  it('accepts a container running an image id, and checks a container image reference', async () => {
    await assertNoResourceViolations(imagesPinned, container(hardenedContainer({ image: IMAGE_ID }), DIGESTS));
    await assertNoResourceViolations(
      imagesPinned,
      container(hardenedContainer({ image: 'minio/minio:RELEASE.2025-04-22T22-12-26Z' })),
    );
    await assertHasResourceViolation(
      imagesPinned,
      container(hardenedContainer({ image: 'minio/minio:latest' })),
      /^The image of container "datahub-test-app" \(app-app\), "minio\/minio:latest" uses the "latest" tag\..*Fix: set `image` to the `imageId` of a docker\.RemoteImage/,
    );
  });

  it('checks a built image: its tag, and the base images its build args name', async () => {
    const build = (args: Record<string, string>, imageName = 'datahub-app:0123456789abcdef') => ({
      imageName,
      skipPush: true,
      build: { context: '/app', args },
    });
    await assertNoResourceViolations(
      imagesPinned,
      builtImage(build({ BASE_IMAGE: 'node:24-bookworm-slim', LEVEL: 'x' })),
    );
    await assertNoResourceViolations(imagesPinned, builtImage(build({ BASE_IMAGE: `node:24@${DIGEST}` }), DIGESTS));
    await assertHasResourceViolation(
      imagesPinned,
      builtImage(build({}, 'datahub-app:latest')),
      /Image app-image is built as "datahub-app:latest", which uses the "latest" tag\..*Fix: tag it with a version/,
    );
    const { violations } = await runResourcePolicy(
      imagesPinned,
      builtImage(build({ MINIO_IMAGE: 'minio/minio:RELEASE.1', NOT_AN_IMAGE_TAG: 'latest' }), DIGESTS),
    );
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^Image app-image's base image \(build arg MINIO_IMAGE\) "minio\/minio:RELEASE\.1" is not pinned by digest/,
      ),
    ]);
  });

  it('treats unknown references as unknown', async () => {
    await assertNoResourceViolations(imagesPinned, remoteImage(UNKNOWN_VALUE, DIGESTS));
    await assertNoResourceViolations(imagesPinned, container(hardenedContainer({ image: UNKNOWN_VALUE }), DIGESTS));
    await assertNoResourceViolations(
      imagesPinned,
      builtImage({ imageName: UNKNOWN_VALUE, build: UNKNOWN_VALUE }, DIGESTS),
    );
    await assertNoResourceViolations(
      imagesPinned,
      builtImage({ imageName: 'a:1', build: { args: { BASE_IMAGE: UNKNOWN_VALUE } } }, DIGESTS),
    );
  });
});
