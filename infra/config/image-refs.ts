import { z } from 'zod';

const DIGEST = /@sha256:[a-f0-9]{64}$/;
// [registry[:port]/]path[:tag][@sha256:digest], as Docker's reference grammar allows.
const IMAGE_REF =
  /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+|\/)[a-z0-9]+)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
// A local image id, as `docker inspect` and a release record give it.
const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

/** The tag of an image reference, or undefined when it has none. */
export function tagOf(image: string): string | undefined {
  const withoutDigest = image.replace(DIGEST, '');
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

export const isPinnedByDigest = (image: string): boolean => DIGEST.test(image);

/** An image reference with a version tag (and maybe a digest). */
export const imageRef = z
  .string()
  .regex(IMAGE_REF, {
    message: 'must be an image reference such as "prom/prometheus:v3.5.0" or "repo/name:tag@sha256:<64 hex>"',
  })
  .refine((v) => tagOf(v) !== 'latest' && tagOf(v) !== undefined, {
    message: 'must pin a version tag: "latest" (or no tag, which means latest) changes under you',
  });

/** A local image id or an image reference (with or without a tag). */
export const imageIdOrRef = z.string().refine((v) => IMAGE_ID.test(v) || IMAGE_REF.test(v), {
  message: 'must be an image id (sha256:<64 hex>) or an image reference',
});
