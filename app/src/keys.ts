import { badRequest } from './http/errors';

export const MAX_KEY_BYTES = 1024;
/** MinIO stores each "/"-separated segment as a file name, which file systems cap at 255 bytes. */
export const MAX_SEGMENT_BYTES = 255;

/** Returns the reason a key is rejected, or undefined when it is valid. Pure. */
export function keyViolation(key: string): string | undefined {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes === 0) return 'key must not be empty';
  if (bytes > MAX_KEY_BYTES) return `key must be at most ${MAX_KEY_BYTES} UTF-8 bytes (got ${bytes})`;
  if (!key.isWellFormed()) return 'key must be valid UTF-8 (lone surrogate found)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'key must not contain NUL or control characters';
  if (key.startsWith('/')) return 'key must not start with "/"';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return 'key must not contain a "." or ".." path segment';
  const long = segments.find((segment) => Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES);
  if (long !== undefined)
    return `each "/"-separated key segment must be at most ${MAX_SEGMENT_BYTES} UTF-8 bytes (got ${Buffer.byteLength(long, 'utf8')})`;
  return undefined;
}

/** Listing prefixes follow the byte, character and leading-slash rules of keys; any prefix of a valid key is valid. */
export function prefixViolation(prefix: string): string | undefined {
  const bytes = Buffer.byteLength(prefix, 'utf8');
  if (bytes > MAX_KEY_BYTES) return `prefix must be at most ${MAX_KEY_BYTES} UTF-8 bytes (got ${bytes})`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(prefix)) return 'prefix must not contain NUL or control characters';
  if (prefix.startsWith('/')) return 'prefix must not start with "/"';
  return undefined;
}

/** Throws a 400 `invalid_key` naming the broken rule. */
export function assertValidKey(key: string): string {
  const reason = keyViolation(key);
  if (reason) throw badRequest('invalid_key', reason);
  return key;
}
