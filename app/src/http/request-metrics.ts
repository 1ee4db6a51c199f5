import type { NextFunction, Request, Response } from 'express';
import type { AppMetrics } from '../metrics';

export const UNMATCHED_ROUTE = 'unmatched';

/** Records the request counter and latency histogram when the response ends, labelled by route template. */
export function requestMetrics(metrics: AppMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const labels = {
        method: req.method,
        route: (res.locals.route as string | undefined) ?? UNMATCHED_ROUTE,
        // A response cut off before its headers went out never reached the client as a status.
        status: res.headersSent ? String(res.statusCode) : '499',
      };
      end(labels);
      metrics.httpRequests.inc(labels);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

/** Names the route template for metrics and logs, and tracks in-flight requests per route. */
export function routeTemplate(metrics: AppMetrics, template: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.route = template;
    const labels = { method: req.method, route: template };
    metrics.httpInFlight.inc(labels);
    res.once('close', () => metrics.httpInFlight.dec(labels));
    next();
  };
}
