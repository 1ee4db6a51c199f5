import path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import type { MonitoringFiles } from '../monitoring/render';
import { CONTAINER_PORTS, PATHS, SERVICE_HOSTS } from '../monitoring/topology';
import { prometheusServerArgs } from '../monitoring/prometheus-config';
import { fileMounts } from './config-files';
import {
  RESTRICTED_CONTAINER,
  TMP_MOUNT,
  TMP_VOLUME,
  claimSpec,
  dataProtection,
  httpProbe,
  inClusterUrl,
  objectMeta,
  resourcesFor,
  restrictedPod,
  selectorLabels,
  serviceLabels,
} from './workload';

export interface MonitoringArgs {
  readonly config: StackConfig;
  readonly kubernetes: KubernetesConfig;
  readonly namespace: pulumi.Input<string>;
  /** The rendered prometheus.yml, rule files, alertmanager.yml and Grafana provisioning: the Docker platform's bytes. */
  readonly files: MonitoringFiles;
  /** Path → secret content, mounted next to alertmanager.yml (Slack webhook, SMTP password). */
  readonly alertmanagerSecretFiles: Readonly<Record<string, pulumi.Output<string>>>;
  readonly grafanaAdminUser: string;
  readonly grafanaAdminPassword: pulumi.Input<string>;
  readonly provider: k8s.Provider;
}

type Monitored = 'prometheus' | 'alertmanager' | 'grafana';

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
    const { config, kubernetes, namespace, provider, files } = args;
    const child = { parent: this, provider };

    const server = (
      service: Monitored,
      spec: {
        readonly uid: number;
        readonly files: Readonly<Record<string, string>>;
        readonly args?: string[];
        readonly env?: k8s.types.input.core.v1.EnvVar[];
        readonly dataDir: string;
        readonly ready: string;
        readonly live: string;
        readonly extraVolumes?: k8s.types.input.core.v1.Volume[];
        readonly extraMounts?: k8s.types.input.core.v1.VolumeMount[];
      },
    ): Server => {
      const labels = serviceLabels(config.stack, service);
      const mounted = fileMounts(spec.files, 'files');
      const configMap = new k8s.core.v1.ConfigMap(
        `${name}-${service}-files`,
        { metadata: objectMeta(`${service}-files`, namespace, labels), data: mounted.data },
        child,
      );
      const dataClaim = new k8s.core.v1.PersistentVolumeClaim(
        `${name}-${service}-data`,
        {
          metadata: objectMeta(`${service}-data`, namespace, labels),
          spec: claimSpec(kubernetes, kubernetes.volumeGb[service]),
        },
        { ...child, ...dataProtection(config) },
      );
      const port = CONTAINER_PORTS[service];
      const svc = new k8s.core.v1.Service(
        `${name}-${service}-service`,
        {
          // The host name the rendered files use (prometheus:9090, alertmanager:9093), as on Docker.
          metadata: objectMeta(SERVICE_HOSTS[service], namespace, labels),
          spec: {
            type: 'ClusterIP',
            selector: selectorLabels(service),
            ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }],
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
                ...restrictedPod(spec.uid),
                containers: [
                  {
                    name: service,
                    image: config.images[service],
                    ...(spec.args ? { args: spec.args } : {}),
                    ...(spec.env ? { env: spec.env } : {}),
                    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
                    readinessProbe: httpProbe(spec.ready, 'http'),
                    livenessProbe: httpProbe(spec.live, 'http', 30),
                    resources: resourcesFor(config, kubernetes, service),
                    securityContext: RESTRICTED_CONTAINER,
                    volumeMounts: [
                      ...mounted.mounts,
                      { name: 'data', mountPath: spec.dataDir },
                      TMP_MOUNT,
                      ...(spec.extraMounts ?? []),
                    ],
                  },
                ],
                volumes: [
                  { name: 'files', configMap: { name: configMap.metadata.name } },
                  { name: 'data', persistentVolumeClaim: { claimName: dataClaim.metadata.name } },
                  TMP_VOLUME,
                  ...(spec.extraVolumes ?? []),
                ],
              },
            },
          },
        },
        child,
      );
      return { files: configMap, dataClaim, statefulSet, service: svc };
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

    this.alertmanager = server('alertmanager', {
      uid: 65534,
      files: files.alertmanager,
      args: [
        `--config.file=${PATHS.alertmanagerConfig}`,
        '--storage.path=/alertmanager',
        `--data.retention=${config.retention.alertmanager}`,
        `--web.listen-address=:${CONTAINER_PORTS.alertmanager}`,
        // A single instance: no gossip port.
        '--cluster.listen-address=',
      ],
      dataDir: '/alertmanager',
      ready: '/-/ready',
      live: '/-/healthy',
      ...(receivers
        ? {
            extraVolumes: [{ name: 'receivers', secret: { secretName: receivers.metadata.name, defaultMode: 0o440 } }],
            extraMounts: [{ name: 'receivers', mountPath: PATHS.alertmanagerSecrets, readOnly: true }],
          }
        : {}),
    });

    this.prometheus = server('prometheus', {
      uid: 65534,
      files: files.prometheus,
      args: prometheusServerArgs(config, '/prometheus', CONTAINER_PORTS.prometheus),
      dataDir: '/prometheus',
      ready: '/-/ready',
      live: '/-/healthy',
    });

    if (config.grafana.enabled) {
      const admin = new k8s.core.v1.Secret(
        `${name}-grafana-admin`,
        {
          metadata: objectMeta('grafana-admin', namespace, serviceLabels(config.stack, 'grafana')),
          type: 'Opaque',
          stringData: { 'admin-password': pulumi.secret(args.grafanaAdminPassword) },
        },
        child,
      );
      this.secrets.push(admin);
      this.grafana = server('grafana', {
        uid: 472,
        files: files.grafana,
        env: [
          { name: 'GF_SECURITY_ADMIN_USER', value: args.grafanaAdminUser },
          {
            name: 'GF_SECURITY_ADMIN_PASSWORD',
            valueFrom: { secretKeyRef: { name: admin.metadata.name, key: 'admin-password' } },
          },
          { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
          { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
          { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
          { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
          { name: 'GF_PATHS_PROVISIONING', value: PATHS.grafanaProvisioning },
          // The root filesystem is read-only: logs go to the console only.
          { name: 'GF_LOG_MODE', value: 'console' },
          { name: 'GF_PATHS_LOGS', value: '/tmp/grafana-logs' },
        ],
        dataDir: '/var/lib/grafana',
        ready: '/api/health',
        live: '/api/health',
      });
    } else {
      this.grafana = undefined;
    }

    const url = (service: Monitored) =>
      pulumi.output(namespace).apply((ns) => inClusterUrl(SERVICE_HOSTS[service], ns, CONTAINER_PORTS[service]));
    this.prometheusUrl = url('prometheus');
    this.alertmanagerUrl = url('alertmanager');
    this.grafanaUrl = config.grafana.enabled ? url('grafana') : pulumi.output(undefined);
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      grafanaUrl: this.grafanaUrl,
    });
  }
}
