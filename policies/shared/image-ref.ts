/** Image references as the policies read them: repository, tag and digest. */

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
