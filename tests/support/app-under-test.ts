import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../../app/src/app';
import { loadConfig, type AppConfig } from '../../app/src/config';
import { createLogger } from '../../app/src/logger';
import { AppMetrics } from '../../app/src/metrics';
import { Readiness } from '../../app/src/readiness';
import { MinioObjectStore } from '../../app/src/storage/minio-object-store';
import type { MinioServer } from './minio-server';

export interface AppUnderTest {
  readonly url: string;
  readonly config: AppConfig;
  readonly metrics: AppMetrics;
  readonly store: MinioObjectStore;
  readonly server: http.Server;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Runs the real app in-process on port 0 against a real MinIO, configured through its own loader. */
export async function startApp(minio: MinioServer, env: Record<string, string> = {}): Promise<AppUnderTest> {
  const config = loadConfig({ ...minio.appEnv(), LOG_LEVEL: 'info', READINESS_CACHE_MS: '0', ...env });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const metrics = new AppMetrics({ defaultMetrics: true });
  const store = new MinioObjectStore(config.storage, metrics);
  await store.ensureBucket();
  const readiness = new Readiness(store, config.readinessCacheMs);
  const app = createApp({ store, metrics, readiness, logger, limits: config });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    metrics,
    store,
    server,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
