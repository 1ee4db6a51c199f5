import { contextDigest } from './build-context';

/** The tag of a locally built image: a digest of its build context and arguments, so equal inputs give equal tags. */
export function localImageName(
  repository: string,
  context: string,
  buildArgs: Readonly<Record<string, string>>,
): string {
  return `${repository}:${contextDigest(context, buildArgs).slice(0, 16)}`;
}
