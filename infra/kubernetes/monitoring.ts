import path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import type { CredentialRef, ServiceSpec } from '../services/service-spec';
import { pinnedImage } from '../services/service-spec';
import type { StackServices } from '../services/stack-services';
import { PATHS, SERVICE_HOSTS } from '../services/topology';
import { fileMounts } from './config-files';
import { dataClaim } from './data-claim';
import { dataMount, serviceContainer, servicePorts, serviceUrl, type ContainerWiring } from './service-container';
import { TMP_MOUNT, TMP_VOLUME, objectMeta, restrictedPod, selectorLabels, serviceLabels } from './workload';

export interface MonitoringArgs {
  readonly config: StackConfig;
  readonly kubernetes: KubernetesConfig;
  readonly namespace: pulumi.Input<string>;
  /** Prometheus, Alertmanager and Grafana, with the rendered files: the Docker platform's bytes. */
  readonly services: Pick<StackServices, 'prometheus' | 'alertmanager' | 'grafana'>;
  /** Path → secret content, mounted next to alertmanager.yml (Slack webhook, SMTP password). */
  readonly alertmanagerSecretFiles: Readonly<Record<string, pulumi.Output<string>>>;
  readonly grafanaAdminPassword: pulumi.Input<string>;
  readonly provider: k8s.Provider;
}

/** One monitoring server: its files, data claim, StatefulSet and Service. */
interface Server {
  readonly files: k8s.core.v1.ConfigMap;
  readonly dataClaim: k8s.core.v1.PersistentVolumeClaim;
  readonly statefulSet: k8s.apps.v1.StatefulSet;
  readonly service: k8s.core.v1.Service;
}

/**
 * Prometheus, Alertmanager and Grafana on Kubernetes: the rendered files in ConfigMaps mounted at
 * the paths the Docker platform uploads them to, receiver secrets and the Grafana password in
 * Secrets, data on protected claims, and Services named as the Docker network aliases.
 */
export class Monitoring extends pulumi.ComponentResource {
  readonly prometheus: Server;
  readonly alertmanager: Server;
  readonly grafana: Server | undefined;
  readonly secrets: k8s.core.v1.Secret[] = [];
  readonly prometheusUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:kubernetes:Monitoring', name, {}, opts);
    const { config, kubernetes, namespace, provider, services } = args;
    const child = { parent: this, provider };

    const server = (
      spec: ServiceSpec,
      extra: {
        readonly credentials?: ContainerWiring['credentials'];
        readonly volumes?: k8s.types.input.core.v1.Volume[];
        readonly mounts?: k8s.types.input.core.v1.VolumeMount[];
      } = {},
    ): Server => {
      const service = spec.service as 'prometheus' | 'alertmanager' | 'grafana';
      const labels = serviceLabels(config.stack, service);
      const mounted = fileMounts(spec.files ?? {}, 'files');
      const configMap = new k8s.core.v1.ConfigMap(
        `${name}-${service}-files`,
        { metadata: objectMeta(`${service}-files`, namespace, labels), data: mounted.data },
        child,
      );
      const claim = dataClaim(`${name}-${service}-data`, service, args, child);
      const svc = new k8s.core.v1.Service(
        `${name}-${service}-service`,
        {
          // The host name the rendered files use (prometheus:9090, alertmanager:9093), as on Docker.
          metadata: objectMeta(SERVICE_HOSTS[service], namespace, labels),
          spec: {
            type: 'ClusterIP',
            selector: selectorLabels(service),
            ports: servicePorts(spec),
          },
        },
        child,
      );
      const statefulSet = new k8s.apps.v1.StatefulSet(
        `${name}-${service}`,
        {
          metadata: objectMeta(service, namespace, labels),
          spec: {
            replicas: 1,
            serviceName: svc.metadata.name,
            selector: { matchLabels: selectorLabels(service) },
            template: {
              // A changed file changes the template, so the pod restarts with it (subPath mounts never update).
              metadata: { labels, annotations: { 'checksum/files': mounted.checksum } },
              spec: {
                ...restrictedPod(spec.user.uid),
                containers: [
                  serviceContainer(spec, {
                    config,
                    kubernetes,
                    image: pinnedImage(spec),
                    ...(extra.credentials ? { credentials: extra.credentials } : {}),
                    volumeMounts: [...mounted.mounts, dataMount(spec), TMP_MOUNT, ...(extra.mounts ?? [])],
                  }),
                ],
                volumes: [
                  { name: 'files', configMap: { name: configMap.metadata.name } },
                  { name: 'data', persistentVolumeClaim: { claimName: claim.metadata.name } },
                  TMP_VOLUME,
                  ...(extra.volumes ?? []),
                ],
              },
            },
          },
        },
        child,
      );
      return { files: configMap, dataClaim: claim, statefulSet, service: svc };
    };

    // Receiver secrets: one Secret, mounted as the folder alertmanager.yml names the files in.
    const receiverFiles = Object.entries(args.alertmanagerSecretFiles);
    for (const [file] of receiverFiles) {
      if (path.posix.dirname(file) !== PATHS.alertmanagerSecrets) {
        throw new Error(`receiver secret ${file} is outside ${PATHS.alertmanagerSecrets}, where its Secret is mounted`);
      }
    }
    const receivers =
      receiverFiles.length > 0
        ? new k8s.core.v1.Secret(
            `${name}-alertmanager-receivers`,
            {
              metadata: objectMeta('alertmanager-receivers', namespace, serviceLabels(config.stack, 'alertmanager')),
              type: 'Opaque',
              stringData: Object.fromEntries(receiverFiles.map(([file, value]) => [path.posix.basename(file), value])),
            },
            child,
          )
        : undefined;
    if (receivers) this.secrets.push(receivers);

    this.alertmanager = server(
      services.alertmanager,
      receivers
        ? {
            volumes: [{ name: 'receivers', secret: { secretName: receivers.metadata.name, defaultMode: 0o440 } }],
            mounts: [{ name: 'receivers', mountPath: PATHS.alertmanagerSecrets, readOnly: true }],
          }
        : {},
    );

    this.prometheus = server(services.prometheus);

    if (services.grafana) {
      const adminSecret = new k8s.core.v1.Secret(
        `${name}-grafana-admin`,
        {
          metadata: objectMeta('grafana-admin', namespace, serviceLabels(config.stack, 'grafana')),
          type: 'Opaque',
          stringData: { 'admin-password': pulumi.secret(args.grafanaAdminPassword) },
        },
        child,
      );
      this.secrets.push(adminSecret);
      const admin: Partial<Record<CredentialRef, { secret: pulumi.Output<string>; key: string }>> = {
        grafanaAdminPassword: { secret: adminSecret.metadata.name, key: 'admin-password' },
      };
      this.grafana = server(services.grafana, { credentials: admin });
    } else {
      this.grafana = undefined;
    }

    const url = (spec: ServiceSpec) => pulumi.output(namespace).apply((ns) => serviceUrl(spec, ns));
    this.prometheusUrl = url(services.prometheus);
    this.alertmanagerUrl = url(services.alertmanager);
    this.grafanaUrl = services.grafana ? url(services.grafana) : pulumi.output(undefined);
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      grafanaUrl: this.grafanaUrl,
    });
  }
}
