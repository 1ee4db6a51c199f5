import { dashboardQueries, overviewDashboard, renderDashboards } from '../../../infra/monitoring/dashboards';

interface Target {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Target[];
  transformations?: { id: string; options: { excludeByName?: Record<string, boolean> } }[];
}
interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
}

const PROMETHEUS = { type: 'prometheus', uid: 'datahub-prometheus' };

const overviewJson = (): DashboardJson => JSON.parse(renderDashboards()['datahub-overview.json']!) as DashboardJson;

describe('Grafana dashboards', () => {
  it('when rendered, then there is one file per dashboard, named after its uid', () => {
    expect(Object.keys(renderDashboards())).toEqual(['datahub-overview.json']);
    expect(overviewDashboard().uid).toBe('datahub-overview');
    expect(overviewJson()).toMatchObject({ uid: 'datahub-overview', title: 'DataHub overview' });
  });

  it('when rendered twice, then the JSON text is byte-identical, 2-space indented', () => {
    const first = renderDashboards();
    const second = renderDashboards();
    expect(second).toEqual(first);
    const text = first['datahub-overview.json']!;
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('when the overview is built, then every panel has a unique id, a title and a description', () => {
    const panels = overviewJson().panels;
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id) && id! > 0)).toBe(true);
    expect(new Set(ids).size).toBe(panels.length);
    for (const p of panels) {
      expect(p.title).toEqual(expect.stringMatching(/\S/));
      expect(p.description).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('when a panel shows a value, then it has a unit; the alerts table hides its value column instead', () => {
    for (const p of overviewJson().panels) {
      if (p.type === 'table') {
        const organize = p.transformations?.find((t) => t.id === 'organize');
        expect({ panel: p.title, hidesValue: organize?.options.excludeByName?.Value }).toEqual({
          panel: p.title,
          hidesValue: true,
        });
      } else {
        expect({ panel: p.title, unit: p.fieldConfig?.defaults?.unit }).toEqual({
          panel: p.title,
          unit: expect.stringMatching(/\S/),
        });
      }
    }
  });

  it('when the overview is built, then each panel and each query use the provisioned Prometheus datasource', () => {
    for (const p of overviewJson().panels) {
      expect({ panel: p.title, datasource: p.datasource }).toEqual({ panel: p.title, datasource: PROMETHEUS });
      expect(p.targets?.length).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect({ panel: p.title, datasource: t.datasource }).toEqual({ panel: p.title, datasource: PROMETHEUS });
      }
    }
  });

  it('when the overview is built, then every query has a refId unique in its panel and a non-empty expr', () => {
    for (const p of overviewJson().panels) {
      const targets = p.targets ?? [];
      for (const t of targets) {
        expect(t.refId).toEqual(expect.stringMatching(/^[A-Z]$/));
        expect(t.expr).toEqual(expect.stringMatching(/\S/));
        expect(t.expr).not.toContain('$'); // no Grafana macros: every expr runs as is against Prometheus
      }
      expect(new Set(targets.map((t) => t.refId)).size).toBe(targets.length);
    }
  });

  it('when the overview is built, then it covers each signal of the overview, by title', () => {
    expect(
      overviewJson()
        .panels.map((p) => p.title)
        .sort(),
    ).toEqual(
      [
        'Request rate per route',
        '5xx error ratio',
        'Request latency per route (p50 / p95 / p99)',
        'In-flight requests per route',
        'Storage operation rate by op and result',
        'Storage operation latency p95 by op',
        'Storage errors',
        'App storage up',
        'MinIO health',
        'MinIO capacity',
        'Alerts firing',
      ].sort(),
    );
  });

  it('when the overview is built, then each panel reads the series its title promises', () => {
    const exprs = (title: string) =>
      overviewJson()
        .panels.find((p) => p.title === title)!
        .targets!.map((t) => t.expr);
    expect(exprs('Request rate per route')).toEqual([
      'job_route:datahub_http_requests:rate{job="app"}',
      'job:datahub_http_requests:rate{job="app"}',
    ]);
    expect(exprs('5xx error ratio')).toEqual(['job:datahub_http_requests_5xx:ratio{job="app"}']);
    expect(exprs('Request latency per route (p50 / p95 / p99)')).toEqual(
      ['p50', 'p95', 'p99'].map((q) => `job_route:datahub_http_request_duration_seconds:${q}{job="app"}`),
    );
    expect(exprs('In-flight requests per route')).toEqual([
      'sum by (route) (datahub_http_requests_in_flight{job="app"})',
    ]);
    expect(exprs('Storage operation rate by op and result')).toEqual([
      expect.stringMatching(/^sum by \(op, result\) \(rate\(datahub_storage_operations_total\{job="app"\}\[\w+\]\)\)$/),
    ]);
    expect(exprs('Storage operation latency p95 by op')).toEqual([
      expect.stringMatching(
        /^histogram_quantile\(0\.95, sum by \(op, le\) \(rate\(datahub_storage_operation_duration_seconds_bucket\{job="app"\}/,
      ),
    ]);
    expect(exprs('Storage errors')).toContain('job:datahub_storage_operations_failed:rate{job="app"}');
    expect(exprs('App storage up')).toEqual(['datahub_storage_up{job="app"}']);
    const health = exprs('MinIO health').join('\n');
    for (const metric of [
      'up{job="minio"}',
      'minio_cluster_health_status{job="minio"}',
      'minio_cluster_drive_offline_total{job="minio"}',
      'minio_cluster_nodes_offline_total{job="minio"}',
    ]) {
      expect(health).toContain(metric);
    }
    const capacity = exprs('MinIO capacity').join('\n');
    for (const metric of [
      'minio_cluster_capacity_usable_free_bytes{job="minio"}',
      'minio_cluster_capacity_usable_total_bytes{job="minio"}',
      'job:minio_cluster_capacity_usable_free:ratio{job="minio"}',
    ]) {
      expect(capacity).toContain(metric);
    }
    expect(exprs('Alerts firing')).toEqual(['ALERTS{alertstate="firing"}']);
  });

  it('when queries are listed, then there is one entry per query of every panel, in panel order', () => {
    const panels = overviewJson().panels;
    const expected = panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({ dashboard: 'datahub-overview', panel: p.title, expr: t.expr })),
    );
    expect(dashboardQueries()).toEqual(expected);
    expect(dashboardQueries()).toHaveLength(panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0));
  });
});
