/**
 * Shared panel defaults for every DataHub dashboard, in one place (grafana-foundation-sdk
 * `examples/typescript/red-method/src/common.ts`): the Prometheus datasource, refresh and time
 * range, units, query builders, and one base builder per visualization.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { GRAFANA_DATASOURCE_UID } from '../grafana-provisioning';

/** The datasource provisioned by `renderGrafanaDatasources()`; every panel and every query names it. */
export const PROMETHEUS_DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: GRAFANA_DATASOURCE_UID };

export const DEFAULT_REFRESH = '30s';
export const DEFAULT_TIME = { from: 'now-1h', to: 'now' } as const;
export const DASHBOARD_TAGS = ['datahub'];

/**
 * The `rate()` window of the queries that are not recorded series. A fixed window rather than
 * Grafana's `$__rate_interval`, so every expression also runs unchanged against Prometheus
 * (`dashboardQueries()`); 1m holds four samples at the prod scrape interval (15s).
 */
export const RATE_WINDOW = '1m';

/** The units the panels use, by meaning (Grafana unit ids from the SDK). */
export const UNITS = {
  requestsPerSecond: units.RequestsPerSecond,
  opsPerSecond: units.OpsPerSecond,
  seconds: units.Seconds,
  ratio: units.PercentUnit,
  bytes: units.BytesIEC,
  count: units.Short,
  state: units.NoUnit,
} as const;

export type Unit = (typeof UNITS)[keyof typeof UNITS];

/** What every panel declares: a stable id, a title, a description and (where it shows a value) a unit. */
export interface PanelSpec {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly unit: Unit;
}

/** Grid sizes: Grafana's grid is 24 columns wide. */
export const GRID = { full: 24, half: 12, third: 8, sixth: 4, height: 8 } as const;

/** `{{label}}`: where a legend shows the value of a series label. */
export const legendLabel = (label: string) => `{{${label}}}`;

/** A range query drawn as a time series. */
export function promQuery(refId: string, expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS_DATASOURCE)
    .refId(refId)
    .expr(expr)
    .legendFormat(legend)
    .range()
    .editorMode(prometheus.QueryEditorMode.Code);
}

/** An instant query returned as a table (one row per series, one column per label). */
export function promTableQuery(refId: string, expr: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS_DATASOURCE)
    .refId(refId)
    .expr(expr)
    .instant()
    .format(prometheus.PromQueryFormat.Table)
    .editorMode(prometheus.QueryEditorMode.Code);
}

/** Threshold steps: the first step is the base colour (value null), then colour from each value up. */
export function thresholds(
  base: string,
  ...steps: [value: number, color: string][]
): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Value mappings from exact numbers to text and colour, e.g. 1 → "up" (green), 0 → "down" (red). */
export function valueText(entries: Record<number, [text: string, color: string]>): dashboard.ValueMapping[] {
  const options: Record<string, dashboard.ValueMappingResult> = {};
  Object.entries(entries).forEach(([value, [text, color]], index) => {
    options[value] = { text, color, index };
  });
  return [{ type: dashboard.MappingType.ValueToText, options }];
}

/** Field overrides for one query of a panel drawn on its own right-hand axis in another unit. */
export function rightAxis(unit: Unit, min?: number, max?: number): dashboard.DynamicConfigValue[] {
  return [
    { id: 'unit', value: unit },
    { id: 'custom.axisPlacement', value: common.AxisPlacement.Right },
    ...(min === undefined ? [] : [{ id: 'min', value: min }]),
    ...(max === undefined ? [] : [{ id: 'max', value: max }]),
  ];
}

/** The builder methods every visualization shares, each returning the builder. */
interface PanelFrame<B> {
  id(id: number): B;
  title(title: string): B;
  description(description: string): B;
  unit(unit: string): B;
  datasource(ref: common.DataSourceRef): B;
  height(height: number): B;
  span(span: number): B;
}

/** Id, title, description, unit (when the panel shows values), datasource and grid size. */
function framed<B extends PanelFrame<B>>(builder: B, spec: PanelSpec | Omit<PanelSpec, 'unit'>, span: number): B {
  const described = builder.id(spec.id).title(spec.title).description(spec.description);
  const withUnit = 'unit' in spec ? described.unit(spec.unit) : described;
  return withUnit.datasource(PROMETHEUS_DATASOURCE).height(GRID.height).span(span);
}

export function timeseriesPanel(spec: PanelSpec): TimeseriesBuilder {
  return framed(new TimeseriesBuilder(), spec, GRID.half)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .drawStyle(common.GraphDrawStyle.Line)
    .gradientMode(common.GraphGradientMode.Opacity)
    .spanNulls(false)
    .axisSoftMin(0)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .placement(common.LegendPlacement.Bottom)
        .displayMode(common.LegendDisplayMode.List),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    )
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Off));
}

/** A stat panel showing the last value of each series, coloured by its thresholds. */
export function statPanel(spec: PanelSpec): StatBuilder {
  return framed(new StatBuilder(), spec, GRID.sixth)
    .decimals(0)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.ValueAndName)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** A table panel; it has no unit because it shows labels, not values. */
export function tablePanel(spec: Omit<PanelSpec, 'unit'>): TableBuilder {
  return framed(new TableBuilder(), spec, GRID.half).showHeader(true).cellHeight(common.TableCellHeight.Sm);
}
