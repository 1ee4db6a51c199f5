import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { AppConfig } from './config';
import { HttpError } from './http/errors';
import { errorHandler } from './http/error-handler';
import { methodNotAllowed } from './http/method-not-allowed';
import { requestMetrics, routeTemplate } from './http/request-metrics';
import { httpLogger } from './logger';
import type { AppMetrics } from './metrics';
import type { Readiness } from './readiness';
import { healthHandlers } from './routes/health';
import { objectHandlers } from './routes/objects';
import type { ObjectStore } from './storage/object-store';

export interface AppDeps {
  readonly store: ObjectStore;
  readonly metrics: AppMetrics;
  readonly readiness: Readiness;
  readonly logger: Logger;
  readonly limits: Pick<AppConfig, 'maxObjectBytes' | 'presignMaxSeconds'>;
}

/** Builds the Express app; `main.ts` owns config, listening and signals. */
export function createApp(deps: AppDeps): Express {
  const { metrics, readiness } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(httpLogger(deps.logger));
  app.use(requestMetrics(metrics));
  app.use((_req, res, next) => {
    // While draining, tell keep-alive clients to reconnect elsewhere.
    if (readiness.isShuttingDown) res.setHeader('Connection', 'close');
    next();
  });

  const health = healthHandlers(readiness, metrics);
  const objects = objectHandlers({
    store: deps.store,
    metrics,
    maxObjectBytes: deps.limits.maxObjectBytes,
    presignMaxSeconds: deps.limits.presignMaxSeconds,
  });

  const track = (template: string) => routeTemplate(metrics, template);

  app
    .route('/health/live')
    .all(track('/health/live'))
    .get(health.live)
    .all(methodNotAllowed(['GET', 'HEAD']));
  app
    .route('/health/ready')
    .all(track('/health/ready'))
    .get(health.ready)
    .all(methodNotAllowed(['GET', 'HEAD']));
  app
    .route('/metrics')
    .all(track('/metrics'))
    .get(health.metrics)
    .all(methodNotAllowed(['GET', 'HEAD']));

  app
    .route('/objects')
    .all(track('/objects'))
    .get(objects.list)
    .all(methodNotAllowed(['GET', 'HEAD']));
  // Registered before the object route: POST on ".../presign" is the only method it claims,
  // so GET /objects/a/presign still reads the object "a/presign".
  app.post('/objects/*key/presign', track('/objects/:key/presign'), express.json({ limit: '16kb' }), objects.presign);
  app
    .route('/objects/*key')
    .all(track('/objects/:key'))
    .get(objects.get)
    .put(objects.put)
    .delete(objects.remove)
    .all(methodNotAllowed(['GET', 'HEAD', 'PUT', 'DELETE']));

  app.use((req, _res, next) => {
    next(new HttpError(404, 'route_not_found', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(metrics));
  return app;
}
