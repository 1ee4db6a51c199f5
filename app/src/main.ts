import http from 'node:http';
import { createApp } from './app';
import { ensureBucketWithRetry } from './bucket-bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createLogger } from './logger';
import { AppMetrics } from './metrics';
import { Readiness } from './readiness';
import { gracefulShutdown } from './shutdown';
import { MinioObjectStore } from './storage/minio-object-store';

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`datahub-app: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function main(): void {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const metrics = new AppMetrics();
  const store = new MinioObjectStore(config.storage, metrics);
  const readiness = new Readiness(store, config.readinessCacheMs);
  const app = createApp({ store, metrics, readiness, logger, limits: config });

  const server = http.createServer(app);
  // Large uploads can legitimately take long; only idle sockets time out.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 65_000;

  const bootstrap = new AbortController();
  const shutdown = gracefulShutdown(
    server,
    readiness,
    { delayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs },
    logger,
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      bootstrap.abort();
      void shutdown(signal).then(() => process.exit(0));
    });
  }
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });

  server.on('error', (err) => {
    logger.fatal({ err }, `cannot listen on ${config.host}:${config.port}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      {
        port,
        storage: `${config.storage.endPoint}:${config.storage.port}`,
        bucket: config.storage.bucket,
        maxObjectBytes: config.maxObjectBytes,
      },
      'listening',
    );
  });
  void ensureBucketWithRetry(store, logger, { initialMs: 250, maxMs: 10_000, signal: bootstrap.signal });
}

main();
