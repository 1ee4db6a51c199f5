import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import type { StackCredentials } from '../credentials';
import { pinnedImage, type ServiceSpec } from '../services/service-spec';
import type { StackServices } from '../services/stack-services';
import { dataVolume } from './data-volume';
import { publishedUrl, serviceContainerArgs } from './service-container';

export interface MonitoringArgs {
  readonly config: StackConfig;
  /** Prometheus, Alertmanager and Grafana (with their rendered files). */
  readonly services: Pick<StackServices, 'prometheus' | 'alertmanager' | 'grafana'>;
  readonly network: pulumi.Input<string>;
  /** Path → secret content, uploaded next to alertmanager.yml (Slack webhook, SMTP password). */
  readonly alertmanagerSecretFiles: Readonly<Record<string, pulumi.Output<string>>>;
  readonly credentials: StackCredentials;
  /** Started before Prometheus, so the first scrapes find their targets. */
  readonly scrapeTargets: readonly pulumi.Resource[];
  readonly provider: docker.Provider;
}

/** Prometheus, Alertmanager and Grafana with the stack's rendered files and their own data volumes. */
export class Monitoring extends pulumi.ComponentResource {
  readonly prometheus: docker.Container;
  readonly alertmanager: docker.Container;
  readonly grafana: docker.Container | undefined;
  readonly volumes: docker.Volume[] = [];
  readonly prometheusUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:docker:Monitoring', name, {}, opts);
    const { config, services, provider } = args;
    const child = { parent: this, provider };
    const server = (
      spec: ServiceSpec,
      dependsOn: pulumi.Input<pulumi.Resource>[],
      secretFiles?: MonitoringArgs['alertmanagerSecretFiles'],
    ) => {
      const data = dataVolume(`${name}-${spec.service}-data`, spec.service, config, child);
      const image = new docker.RemoteImage(
        `${name}-${spec.service}-image`,
        { name: pinnedImage(spec), keepLocally: true },
        child,
      );
      this.volumes.push(data);
      return new docker.Container(
        `${name}-${spec.service}`,
        serviceContainerArgs(spec, {
          ...args,
          image: image.imageId,
          dataVolume: data.name,
          ...(secretFiles ? { secretFiles } : {}),
        }),
        { ...child, dependsOn },
      );
    };

    this.alertmanager = server(services.alertmanager, [], args.alertmanagerSecretFiles);
    this.prometheus = server(services.prometheus, [this.alertmanager, ...args.scrapeTargets]);
    this.grafana = services.grafana ? server(services.grafana, [this.prometheus]) : undefined;

    this.prometheusUrl = pulumi.output(publishedUrl(config, services.prometheus));
    this.alertmanagerUrl = pulumi.output(publishedUrl(config, services.alertmanager));
    this.grafanaUrl = pulumi.output(services.grafana ? publishedUrl(config, services.grafana) : undefined);
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      grafanaUrl: this.grafanaUrl,
    });
  }
}
