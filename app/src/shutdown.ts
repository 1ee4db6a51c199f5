import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Readiness } from './readiness';

export interface ShutdownOptions {
  /** Time between failing readiness and closing the listener, so load balancers notice. */
  readonly delayMs: number;
  /** How long in-flight requests may take to finish before connections are cut. */
  readonly graceMs: number;
}

/**
 * Returns the shutdown sequence: fail readiness, stop accepting, drain in-flight requests
 * up to the grace period, then resolve (the caller exits 0). Idempotent.
 */
export function gracefulShutdown(server: Server, readiness: Readiness, options: ShutdownOptions, logger: Logger) {
  let done: Promise<void> | undefined;
  return (signal: string): Promise<void> => {
    done ??= (async () => {
      logger.info({ signal }, 'shutdown: readiness now failing');
      readiness.beginShutdown();
      if (options.delayMs > 0) await sleep(options.delayMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info({ graceMs: options.graceMs }, 'shutdown: listener closed, draining in-flight requests');
      // Keep-alive sockets that finish their last request become idle; close them as they do.
      const reaper = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        logger.warn('shutdown: grace period over, closing remaining connections');
        server.closeAllConnections();
      }, options.graceMs);
      await closed;
      clearInterval(reaper);
      clearTimeout(deadline);
      logger.info('shutdown: drained');
    })();
    return done;
  };
}
