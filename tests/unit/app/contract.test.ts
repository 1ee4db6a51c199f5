/** The app's contract names exactly what the app exposes: infra builds its rules and dashboards from it. */
import { APP_METRICS, APP_METRIC_LABELS } from '../../../app/src/contract';
import { AppMetrics } from '../../../app/src/metrics';

describe('the app contract', () => {
  const registered = new AppMetrics({ defaultMetrics: false }).registry.getMetricsAsArray();

  it('names every metric the app registers, and only those', () => {
    expect(registered.map((m) => m.name).sort()).toEqual(Object.values(APP_METRICS).sort());
  });

  it('names every label those metrics carry', () => {
    const labels = new Set(registered.flatMap((m) => (m as unknown as { labelNames: readonly string[] }).labelNames));
    expect([...labels].sort()).toEqual(Object.values(APP_METRIC_LABELS).sort());
  });
});
