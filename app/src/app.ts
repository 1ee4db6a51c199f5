import express, { type Express, type RequestHandler } from 'express';
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

const METHODS = ['get', 'put', 'delete'] as const;
type MethodHandlers = Partial<Record<(typeof METHODS)[number], RequestHandler>>;

/** The Allow header of a route: Express answers HEAD with the GET handler. */
const allowedMethods = (handlers: MethodHandlers) =>
  METHODS.filter((m) => handlers[m]).flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()]));

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
  const serve = (path: string, template: string, handlers: MethodHandlers) => {
    const route = app.route(path).all(track(template));
    for (const method of METHODS) {
      const handler = handlers[method];
      if (handler) route[method](handler);
    }
    route.all(methodNotAllowed(allowedMethods(handlers)));
  };

  serve('/health/live', '/health/live', { get: health.live });
  serve('/health/ready', '/health/ready', { get: health.ready });
  serve('/metrics', '/metrics', { get: health.metrics });
  serve('/objects', '/objects', { get: objects.list });
  // Registered before the object route: POST on ".../presign" is the only method it claims,
  // so GET /objects/a/presign still reads the object "a/presign".
  app.post('/objects/*key/presign', track('/objects/:key/presign'), express.json({ limit: '16kb' }), objects.presign);
  serve('/objects/*key', '/objects/:key', { get: objects.get, put: objects.put, delete: objects.remove });

  app.use((req, _res, next) => {
    next(new HttpError(404, 'route_not_found', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(metrics));
  return app;
}
