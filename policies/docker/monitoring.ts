/** That the stack watches itself: scrape coverage, alert rules loaded, bounded retention. */
import { posix } from 'node:path';
import type { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { parse } from 'yaml';
import { DOCKER_LABELS } from '../../contracts/services';
import { type Props, isUnknown, knownRecords, knownStrings, list, record, str } from '../shared/props';
import { configOf } from '../shared/validate';
import { forContainers, serviceOf, stackContainers, uploadAt, uploadsOf } from './resources';
import { stringListOption, stringOption } from '../shared/config-options';

export interface PrometheusFilesConfig {
  /** Where Prometheus reads its config: the path of prometheus.yml among the container's uploads. */
  readonly prometheusConfigPath: string;
}
export const PROMETHEUS_CONFIG_PATH = '/etc/prometheus/prometheus.yml';

const configPathSchema = stringOption(
  PROMETHEUS_CONFIG_PATH,
  "The path of prometheus.yml among the Prometheus container's uploads.",
);

/** Parsed YAML, or an Error when it does not parse. */
function parseYaml(text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** A parsed YAML mapping as a record ({} for anything else). */
const mapping = (value: unknown): Props => {
  const r = record(value);
  return isUnknown(r) ? {} : r;
};
const sequence = (value: unknown): readonly unknown[] => {
  const l = list(value);
  return isUnknown(l) ? [] : l;
};

/** The host of `host:port`, `[v6]:port`, `http://host:port/path` or `host`. */
export function targetHost(target: string): string {
  const bare = target.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (bare.startsWith('[')) return bare.slice(1, bare.indexOf(']'));
  const colon = bare.lastIndexOf(':');
  return colon === -1 ? bare : bare.slice(0, colon);
}

/** The hosts of every static scrape target in a parsed prometheus.yml. */
export function scrapeTargetHosts(config: unknown): string[] {
  return sequence(mapping(config).scrape_configs).flatMap((job) =>
    sequence(mapping(job).static_configs).flatMap((sc) => knownStrings(mapping(sc).targets).values.map(targetHost)),
  );
}

/** The names a container answers to on its networks: aliases, container name, hostname. */
function networkNames(props: Props): { readonly values: readonly string[]; readonly complete: boolean } {
  const values: string[] = [];
  const networks = knownRecords(props.networksAdvanced);
  let complete = networks.complete;
  for (const network of networks.values) {
    const aliases = knownStrings(network.aliases);
    values.push(...aliases.values);
    complete &&= aliases.complete;
  }
  for (const field of [props.name, props.hostname]) {
    const name = str(field);
    if (isUnknown(name)) complete = false;
    else if (name) values.push(name);
  }
  return { values, complete };
}

export interface ScrapeCoverageConfig extends PrometheusFilesConfig {
  /** Services (org.datahub.service, or the image name) every container of which must be scraped. */
  readonly scrapedServices: readonly string[];
}
export const SCRAPE_COVERAGE_DEFAULTS: ScrapeCoverageConfig = {
  prometheusConfigPath: PROMETHEUS_CONFIG_PATH,
  scrapedServices: ['app', 'minio'],
};

export const prometheusScrapesServices: StackValidationPolicy = {
  name: 'prometheus-scrapes-services',
  description:
    "Checks that every app and MinIO container is a target of a scrape job in the Prometheus container's uploaded prometheus.yml.",
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      prometheusConfigPath: configPathSchema,
      scrapedServices: stringListOption(
        SCRAPE_COVERAGE_DEFAULTS.scrapedServices,
        'Services whose every container must be scraped.',
      ),
    },
  },
  validateStack: (args, reportViolation) => {
    const { prometheusConfigPath, scrapedServices } = configOf(args, SCRAPE_COVERAGE_DEFAULTS);
    const containers = stackContainers(args);
    const watched = containers.filter((c) => c.service !== undefined && scrapedServices.includes(c.service));
    if (watched.length === 0) args.notApplicable(`no ${scrapedServices.join(' or ')} container in the stack`);
    const prometheuses = containers.filter((c) => c.service === 'prometheus');
    if (prometheuses.length === 0) {
      for (const c of watched) {
        reportViolation(
          `${c.label} runs ${c.service}, but the stack has no Prometheus container to scrape it. Every ` +
            `${scrapedServices.join(' and ')} container must be scraped: an unwatched service fails silently and no alert fires. ` +
            `Fix: deploy Prometheus in the stack (labelled ${DOCKER_LABELS.service}=prometheus) with a scrape job for it.`,
          c.resource.urn,
        );
      }
      return;
    }

    const hosts = new Set<string>();
    let readable = 0;
    for (const p of prometheuses) {
      const text = uploadAt(p.props, prometheusConfigPath);
      // Unknown during preview: cannot be judged until the update.
      if (isUnknown(text)) return;
      if (text === undefined) {
        reportViolation(
          `${p.label} has no upload at ${prometheusConfigPath}. The scrape jobs must be part of the program: ` +
            'a config baked into an image or bind-mounted from the host cannot be reviewed with the change that needs it. ' +
            `Fix: upload the rendered prometheus.yml with \`uploads: [{ file: "${prometheusConfigPath}", content }]\` ` +
            "(or set this policy's prometheusConfigPath to where it is uploaded).",
          p.resource.urn,
        );
        continue;
      }
      const parsed = parseYaml(text);
      if (parsed instanceof Error) {
        reportViolation(
          `${p.label}'s ${prometheusConfigPath} is not valid YAML (${parsed.message.split('\n')[0]}). ` +
            'Prometheus does not start with a config it cannot parse, so nothing is scraped. ' +
            'Fix: render it from infra/monitoring/prometheus-config.ts and check it with `promtool check config`.',
          p.resource.urn,
        );
        continue;
      }
      readable++;
      for (const host of scrapeTargetHosts(parsed)) hosts.add(host);
    }
    if (readable === 0) return;

    for (const c of watched) {
      const names = networkNames(c.props);
      if (names.values.some((n) => hosts.has(n)) || !names.complete) continue;
      const known = names.values.length > 0 ? names.values.join(', ') : 'none: it has no network alias or name';
      reportViolation(
        `${c.label} is not scraped: no scrape job in ${prometheusConfigPath} targets any name it ` +
          `answers to on the network (${known}). Every ${scrapedServices.join(' and ')} container must be scraped: ` +
          'an unwatched service fails silently and no alert fires. ' +
          `Fix: attach it to the stack network with an alias and add "<alias>:<metrics port>" to a scrape job's ` +
          'static_configs targets (infra/monitoring/scrape-jobs.ts).',
        c.resource.urn,
      );
    }
  },
};

/** A Prometheus rule_files glob (`*`, `?`) as a RegExp over absolute paths. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

const alertCount = (parsed: unknown): number =>
  sequence(mapping(parsed).groups).reduce<number>(
    (n, group) => n + sequence(mapping(group).rules).filter((rule) => typeof mapping(rule).alert === 'string').length,
    0,
  );

export interface AlertRulesConfig extends PrometheusFilesConfig {
  /** The folder rule files are uploaded to. */
  readonly rulesDir: string;
}
export const ALERT_RULES_DEFAULTS: AlertRulesConfig = {
  prometheusConfigPath: PROMETHEUS_CONFIG_PATH,
  rulesDir: '/etc/prometheus/rules',
};

const isPrometheus = (props: Props) => serviceOf(props) === 'prometheus';

export const prometheusAlertRulesMounted: ResourceValidationPolicy = {
  name: 'prometheus-alert-rules-mounted',
  description:
    'Checks that the Prometheus container has an alert rule file uploaded under its rules folder and listed in rule_files.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      prometheusConfigPath: configPathSchema,
      rulesDir: stringOption(ALERT_RULES_DEFAULTS.rulesDir, 'The folder rule files are uploaded to.'),
    },
  },
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    if (!isPrometheus(props)) args.notApplicable('not a Prometheus container');
    const { prometheusConfigPath, rulesDir } = configOf(args, ALERT_RULES_DEFAULTS);
    const reason =
      'Prometheus must load alert rules from a file the program uploads: without them nothing alerts, however much is scraped.';
    const fix =
      `Fix: upload the rendered rule file as "${rulesDir}/<name>.yml" and list it in prometheus.yml's rule_files ` +
      `(relative to ${posix.dirname(prometheusConfigPath)}, such as "${posix.relative(posix.dirname(prometheusConfigPath), rulesDir)}/<name>.yml").`;
    const text = uploadAt(props, prometheusConfigPath);
    if (isUnknown(text)) return;
    if (text === undefined) {
      reportViolation(
        `${label} has no upload at ${prometheusConfigPath}, so the rule files it loads cannot be seen. ${reason} ${fix}`,
      );
      return;
    }
    const parsed = parseYaml(text);
    if (parsed instanceof Error) return; // prometheus-scrapes-services reports a config that does not parse.
    const ruleFiles = knownStrings(mapping(parsed).rule_files);
    if (ruleFiles.values.length === 0) {
      reportViolation(`${label}'s ${prometheusConfigPath} lists no rule_files. ${reason} ${fix}`);
      return;
    }

    const base = posix.dirname(prometheusConfigPath);
    const uploads = uploadsOf(props);
    const loaded = new Set<string>();
    for (const entry of ruleFiles.values) {
      const pattern = posix.resolve(base, entry);
      const matches = uploads.filter((u) => globToRegExp(pattern).test(u.file));
      matches.forEach((m) => loaded.add(m.file));
      if (matches.length === 0 && !/[*?[]/.test(entry)) {
        reportViolation(
          `${label}'s rule_files names "${entry}" (${pattern}), which is not among its uploads. ` +
            `Prometheus refuses a config whose rule file is missing. ${fix}`,
        );
      }
    }
    const underDir = uploads.filter((u) => loaded.has(u.file) && u.file.startsWith(`${rulesDir}/`));
    if (underDir.length === 0) {
      reportViolation(`${label} loads no rule file uploaded under ${rulesDir}/. ${reason} ${fix}`);
      return;
    }
    if (underDir.some((u) => typeof u.content !== 'string')) return;
    const alerts = underDir.reduce((n, u) => {
      const rules = parseYaml(u.content as string);
      return n + (rules instanceof Error ? 0 : alertCount(rules));
    }, 0);
    if (alerts === 0) {
      reportViolation(
        `${label}'s rule files (${underDir.map((u) => u.file).join(', ')}) hold no alerting rule. ${reason} ` +
          'Fix: add the alert rules (infra/monitoring/alerts.ts) to the rendered rule file.',
      );
    }
  }),
};

const RETENTION_FLAG = /^--storage\.tsdb\.retention\.(time|size)(=.+)?$/;

export const prometheusRetention: ResourceValidationPolicy = {
  name: 'prometheus-retention',
  description: 'Checks whether the Prometheus container sets a retention time or size in its command.',
  enforcementLevel: 'advisory',
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    if (!isPrometheus(props)) args.notApplicable('not a Prometheus container');
    const command = knownStrings(props.command);
    if (command.values.some((arg) => RETENTION_FLAG.test(arg)) || !command.complete) return;
    reportViolation(
      `${label} sets neither --storage.tsdb.retention.time nor --storage.tsdb.retention.size. Prometheus should ` +
        'bound its storage: the default keeps 15 days whatever their size, so a cardinality jump can fill the data volume ' +
        'and stop it. Fix: add "--storage.tsdb.retention.time=<15d>" and "--storage.tsdb.retention.size=<10GB>" to ' +
        '`command` (datahub:retention in the stack config).',
    );
  }),
};

export const dockerMonitoringPolicies: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = [
  prometheusScrapesServices,
  prometheusAlertRulesMounted,
  prometheusRetention,
];
