import type { RequestHandler } from 'express';
import type { AppMetrics } from '../metrics';
import type { Readiness } from '../readiness';

export function healthHandlers(
  readiness: Readiness,
  metrics: AppMetrics,
): {
  live: RequestHandler;
  ready: RequestHandler;
  metrics: RequestHandler;
} {
  return {
    live: (_req, res) => {
      res.json({ status: 'alive' });
    },
    ready: async (_req, res) => {
      const state = await readiness.state();
      if (!readiness.isShuttingDown) metrics.storageUp.set(state.ready ? 1 : 0);
      res.set('Cache-Control', 'no-store');
      if (state.ready) res.json({ status: 'ready' });
      else res.status(503).json({ status: 'not_ready', reason: state.reason });
    },
    metrics: async (_req, res) => {
      res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  };
}
