import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { overviewDashboard } from './overview';

export { overviewDashboard, OVERVIEW_UID } from './overview';
export { PROMETHEUS_DATASOURCE } from './common';

/** Every dashboard DataHub provisions, one factory each. */
const DASHBOARDS: readonly (() => dashboard.Dashboard)[] = [overviewDashboard];

export interface DashboardQuery {
  /** The dashboard uid. */
  readonly dashboard: string;
  /** The panel title. */
  readonly panel: string;
  /** The PromQL expression, runnable as is against Prometheus (no Grafana macros). */
  readonly expr: string;
}

function uidOf(d: dashboard.Dashboard): string {
  if (!d.uid) throw new Error(`dashboard "${d.title ?? '?'}" has no uid; give it a stable one`);
  return d.uid;
}

/** The dashboard's panels, including those inside rows. */
function panelsOf(d: dashboard.Dashboard): dashboard.Panel[] {
  return (d.panels ?? []).flatMap((p) =>
    p.type === 'row' ? (p as dashboard.RowPanel).panels : [p as dashboard.Panel],
  );
}

function exprOf(target: unknown): string | undefined {
  if (typeof target !== 'object' || target === null || !('expr' in target)) return undefined;
  return typeof target.expr === 'string' ? target.expr : undefined;
}

/**
 * The provisioned dashboard files: `<uid>.json` → the dashboard JSON (2-space indent, trailing
 * newline). Deterministic: the same text on every call.
 */
export function renderDashboards(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const factory of DASHBOARDS) {
    const d = factory();
    const name = `${uidOf(d)}.json`;
    if (name in files) throw new Error(`two dashboards share the uid ${uidOf(d)}`);
    files[name] = `${JSON.stringify(d, null, 2)}\n`;
  }
  return files;
}

/** Every PromQL expression of every panel of every dashboard, one entry per query. */
export function dashboardQueries(): DashboardQuery[] {
  return DASHBOARDS.flatMap((factory) => {
    const d = factory();
    return panelsOf(d).flatMap((panel) =>
      (panel.targets ?? []).map((target) => {
        const expr = exprOf(target);
        if (expr === undefined) throw new Error(`panel "${panel.title ?? panel.id}" has a query without a PromQL expr`);
        return { dashboard: uidOf(d), panel: panel.title ?? String(panel.id), expr };
      }),
    );
  });
}
