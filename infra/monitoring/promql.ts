/** PromQL text, written the way Prometheus prints it: label matchers and series selectors. */

export const equals = (label: string, value: string) => `${label}="${value}"`;
export const matchesRegex = (label: string, regex: string) => `${label}=~"${regex}"`;
export const notMatchesRegex = (label: string, regex: string) => `${label}!~"${regex}"`;

/** `metric{matcher,…}`, or the bare metric without matchers. */
export const selector = (metric: string, ...matchers: readonly string[]) =>
  matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;

/** The `_bucket` series of a histogram, which histogram_quantile() reads. */
export const buckets = (histogram: string) => `${histogram}_bucket`;
