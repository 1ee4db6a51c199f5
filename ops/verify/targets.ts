/** Prometheus' scrape targets as a check sees them: every active target up, or which are not and why. */
import { snippet } from './http';

export interface TargetSummary {
  ok: boolean;
  total: number;
  notUp: { job: string; instance: string; health: string; lastError: string }[];
  detail: string;
}

interface TargetsBody {
  status?: string;
  data?: {
    activeTargets?: {
      labels?: Record<string, string>;
      scrapePool?: string;
      scrapeUrl?: string;
      health?: string;
      lastError?: string;
    }[];
  };
}

/** Summarises Prometheus' /api/v1/targets: ok only when there are active targets and all are "up". */
export function summariseTargets(body: unknown): TargetSummary {
  const parsed = (body ?? {}) as TargetsBody;
  const active = parsed.data?.activeTargets;
  if (parsed.status !== 'success' || !Array.isArray(active)) {
    return { ok: false, total: 0, notUp: [], detail: `unexpected targets response: ${snippet(JSON.stringify(body))}` };
  }
  if (active.length === 0) return { ok: false, total: 0, notUp: [], detail: 'Prometheus has no active targets' };
  const notUp = active
    .filter((t) => t.health !== 'up')
    .map((t) => ({
      job: t.labels?.job ?? t.scrapePool ?? '?',
      instance: t.labels?.instance ?? t.scrapeUrl ?? '?',
      health: t.health ?? 'unknown',
      lastError: t.lastError ?? '',
    }));
  if (notUp.length === 0) {
    const jobs = [...new Set(active.map((t) => t.labels?.job ?? t.scrapePool ?? '?'))].sort();
    return { ok: true, total: active.length, notUp, detail: `all ${active.length} targets up (${jobs.join(', ')})` };
  }
  const listed = notUp
    .map((t) => `${t.job} (${t.instance}) ${t.health}${t.lastError ? `: ${t.lastError}` : ' (not scraped yet)'}`)
    .join('; ');
  return {
    ok: false,
    total: active.length,
    notUp,
    detail: `${notUp.length} of ${active.length} targets not up: ${listed}`,
  };
}
