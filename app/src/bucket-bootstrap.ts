import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ObjectStore } from './storage/object-store';

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly signal?: AbortSignal;
}

/** Delay before attempt `attempt` (1-based): exponential with full jitter, capped. Pure given `random`. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Creates the bucket if it is missing, retrying with backoff while MinIO is unreachable,
 * so a container started before MinIO waits instead of crash-looping.
 */
export async function ensureBucketWithRetry(
  store: ObjectStore,
  logger: Logger,
  options: BackoffOptions,
): Promise<boolean> {
  for (let attempt = 1; !options.signal?.aborted; attempt++) {
    try {
      await store.ensureBucket();
      logger.info({ bucket: store.bucket, attempt }, 'bucket ready');
      return true;
    } catch (err) {
      const delayMs = backoffDelay(attempt, options);
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ bucket: store.bucket, attempt, delayMs, reason }, 'bucket not ready yet, retrying');
      try {
        await sleep(delayMs, undefined, { signal: options.signal });
      } catch {
        break;
      }
    }
  }
  return false;
}
