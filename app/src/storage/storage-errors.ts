import type { StorageResult } from '../contract';
import { ObjectTooLargeError, UploadSourceError } from './streaming-upload';

/** Raised when the storage did not answer within the configured time. */
export class StorageTimeoutError extends Error {
  override readonly name = 'StorageTimeoutError';
  readonly code = 'ETIMEDOUT';
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  // S3 and MinIO answers that mean "not now".
  'ServiceUnavailable',
  'SlowDown',
  'XMinioServerNotInitialized',
  'XMinioReadQuorum',
  'XMinioWriteQuorum',
  // MinIO came back without the bucket (lost or wiped data): not ready, rather than a 500 per call.
  'NoSuchBucket',
]);

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Maps any error thrown by the MinIO client to a storage result label. */
export function classifyStorageError(err: unknown): StorageResult {
  if (err instanceof UploadSourceError || err instanceof ObjectTooLargeError) return 'aborted';
  const code = errorCode(err);
  if (code && NOT_FOUND_CODES.has(code)) return 'not_found';
  if (code && UNREACHABLE_CODES.has(code)) return 'unavailable';
  const message = err instanceof Error ? err.message : '';
  if (/socket hang up|ECONNREFUSED|ECONNRESET|EAI_AGAIN|ENOTFOUND/.test(message)) return 'unavailable';
  if (err instanceof AggregateError && err.errors.some((e) => classifyStorageError(e) === 'unavailable')) {
    return 'unavailable';
  }
  return 'error';
}

export function isBucketAlreadyOurs(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists';
}

export const storageErrorCode = errorCode;

/** Rejects with StorageTimeoutError when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageTimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
