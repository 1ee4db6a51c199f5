import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import type { FileSet, MonitoringFiles } from '../monitoring/render';
import { CONTAINER_PORTS, PATHS, SERVICE_HOSTS } from '../monitoring/topology';
import { prometheusServerArgs } from '../monitoring/prometheus-config';
import { dataVolume } from './data-volume';
import { attach, hardenedContainerArgs, publish } from './hardening';

export interface MonitoringArgs {
  readonly config: StackConfig;
  readonly network: pulumi.Input<string>;
  /** The rendered prometheus.yml, rule files, alertmanager.yml and Grafana provisioning. */
  readonly files: MonitoringFiles;
  /** Path → secret content, uploaded next to alertmanager.yml (Slack webhook, SMTP password). */
  readonly alertmanagerSecretFiles: Readonly<Record<string, pulumi.Output<string>>>;
  readonly grafanaAdminUser: string;
  readonly grafanaAdminPassword: pulumi.Input<string>;
  /** Started before Prometheus, so the first scrapes find their targets. */
  readonly scrapeTargets: readonly pulumi.Resource[];
  readonly provider: docker.Provider;
}

const uploads = (files: FileSet): docker.types.input.ContainerUpload[] =>
  Object.entries(files).map(([file, content]) => ({ file, content }));

const wget = (port: number, path: string) => [
  'CMD',
  'wget',
  '-q',
  '-O',
  '/dev/null',
  `http://127.0.0.1:${port}${path}`,
];

/** Prometheus, Alertmanager and Grafana with the stack's rendered files and their own data volumes. */
export class Monitoring extends pulumi.ComponentResource {
  readonly prometheus: docker.Container;
  readonly alertmanager: docker.Container;
  readonly grafana: docker.Container | undefined;
  readonly volumes: docker.Volume[];
  readonly prometheusUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:docker:Monitoring', name, {}, opts);
    const { config, provider, files } = args;
    const child = { parent: this, provider };
    const image = (service: 'prometheus' | 'alertmanager' | 'grafana') =>
      new docker.RemoteImage(`${name}-${service}-image`, { name: config.images[service], keepLocally: true }, child);

    const alertmanagerData = dataVolume(`${name}-alertmanager-data`, 'alertmanager', config, child);
    this.alertmanager = new docker.Container(
      `${name}-alertmanager`,
      {
        name: `datahub-${config.stack}-alertmanager`,
        image: image('alertmanager').imageId,
        command: [
          `--config.file=${PATHS.alertmanagerConfig}`,
          '--storage.path=/alertmanager',
          `--data.retention=${config.retention.alertmanager}`,
          `--web.listen-address=:${CONTAINER_PORTS.alertmanager}`,
          // A single instance: no gossip port.
          '--cluster.listen-address=',
        ],
        uploads: [
          ...uploads(files.alertmanager),
          ...Object.entries(args.alertmanagerSecretFiles).map(([file, content]) => ({ file, content })),
        ],
        volumes: [{ volumeName: alertmanagerData.name, containerPath: '/alertmanager' }],
        networksAdvanced: [attach(args.network, SERVICE_HOSTS.alertmanager)],
        ports: [publish(config.bindAddress, CONTAINER_PORTS.alertmanager, config.ports.alertmanager)],
        ...hardenedContainerArgs(config, {
          service: 'alertmanager',
          user: '65534:65534',
          readOnlyRoot: false,
          healthcheck: wget(CONTAINER_PORTS.alertmanager, '/-/ready'),
        }),
      },
      child,
    );

    const prometheusData = dataVolume(`${name}-prometheus-data`, 'prometheus', config, child);
    this.prometheus = new docker.Container(
      `${name}-prometheus`,
      {
        name: `datahub-${config.stack}-prometheus`,
        image: image('prometheus').imageId,
        command: prometheusServerArgs(config, '/prometheus', CONTAINER_PORTS.prometheus),
        uploads: uploads(files.prometheus),
        volumes: [{ volumeName: prometheusData.name, containerPath: '/prometheus' }],
        networksAdvanced: [attach(args.network, SERVICE_HOSTS.prometheus)],
        ports: [publish(config.bindAddress, CONTAINER_PORTS.prometheus, config.ports.prometheus)],
        ...hardenedContainerArgs(config, {
          service: 'prometheus',
          user: '65534:65534',
          readOnlyRoot: false,
          healthcheck: wget(CONTAINER_PORTS.prometheus, '/-/ready'),
        }),
      },
      { ...child, dependsOn: [this.alertmanager, ...args.scrapeTargets] },
    );

    this.volumes = [alertmanagerData, prometheusData];
    if (config.grafana.enabled) {
      const grafanaData = dataVolume(`${name}-grafana-data`, 'grafana', config, child);
      this.volumes.push(grafanaData);
      this.grafana = new docker.Container(
        `${name}-grafana`,
        {
          name: `datahub-${config.stack}-grafana`,
          image: image('grafana').imageId,
          envs: [
            `GF_SECURITY_ADMIN_USER=${args.grafanaAdminUser}`,
            pulumi.interpolate`GF_SECURITY_ADMIN_PASSWORD=${args.grafanaAdminPassword}`,
            'GF_AUTH_ANONYMOUS_ENABLED=false',
            'GF_USERS_ALLOW_SIGN_UP=false',
            'GF_ANALYTICS_REPORTING_ENABLED=false',
            'GF_ANALYTICS_CHECK_FOR_UPDATES=false',
            `GF_PATHS_PROVISIONING=${PATHS.grafanaProvisioning}`,
          ],
          uploads: uploads(files.grafana),
          volumes: [{ volumeName: grafanaData.name, containerPath: '/var/lib/grafana' }],
          networksAdvanced: [attach(args.network, SERVICE_HOSTS.grafana)],
          ports: [publish(config.bindAddress, CONTAINER_PORTS.grafana, config.ports.grafana)],
          ...hardenedContainerArgs(config, {
            service: 'grafana',
            user: '472:0',
            readOnlyRoot: false,
            healthcheck: wget(CONTAINER_PORTS.grafana, '/api/health'),
          }),
        },
        { ...child, dependsOn: [this.prometheus] },
      );
    }

    this.prometheusUrl = pulumi.output(`http://${config.bindAddress}:${config.ports.prometheus}`);
    this.alertmanagerUrl = pulumi.output(`http://${config.bindAddress}:${config.ports.alertmanager}`);
    this.grafanaUrl = pulumi.output(
      config.grafana.enabled ? `http://${config.bindAddress}:${config.ports.grafana}` : undefined,
    );
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      grafanaUrl: this.grafanaUrl,
    });
  }
}
