import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import { ALERTMANAGER_SECRET_FILES } from '../monitoring/alertmanager-config';
import { renderMonitoringFiles } from '../monitoring/render';
import { AppService } from './app-service';
import { Credentials } from './credentials';
import { stackLabels } from './hardening';
import { Monitoring } from './monitoring';
import { ObjectStore } from './object-store';

export interface StackOutputs {
  readonly appUrl: pulumi.Output<string>;
  readonly minioApiUrl: pulumi.Output<string>;
  readonly minioConsoleUrl: pulumi.Output<string>;
  readonly prometheusUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string | undefined>;
  readonly appImageDigest: pulumi.Output<string>;
  readonly minioRootUser: pulumi.Output<string>;
  readonly minioRootPassword: pulumi.Output<string>;
  readonly grafanaAdminUser: string;
  readonly grafanaAdminPassword: pulumi.Output<string>;
}

/** The whole stack on one Docker engine. */
export function deployDocker(config: StackConfig): StackOutputs {
  const provider = new docker.Provider('docker', config.dockerHost ? { host: config.dockerHost } : {});
  const opts = { provider };

  const credentials = new Credentials('credentials');
  const network = new docker.Network(
    'network',
    { name: `datahub-${config.stack}`, driver: 'bridge', labels: stackLabels(config.stack, 'network') },
    opts,
  );

  const objectStore = new ObjectStore('object-store', {
    config,
    network: network.name,
    rootUser: credentials.minioRootUser,
    rootPassword: credentials.minioRootPassword,
    provider,
  });
  const app = new AppService('app', {
    config,
    network: network.name,
    accessKey: credentials.minioRootUser,
    secretKey: credentials.minioRootPassword,
    objectStore: objectStore.container,
    publicStorageUrl: objectStore.apiUrl,
    provider,
  });
  // Receiver secrets reach Alertmanager as files; the rendered alertmanager.yml only names them.
  const datahubConfig = new pulumi.Config('datahub');
  const alertmanagerSecretFiles: Record<string, pulumi.Output<string>> = {};
  for (const key of ['slackWebhookUrl', 'smtpPassword'] as const) {
    if (config.secrets[key]) alertmanagerSecretFiles[ALERTMANAGER_SECRET_FILES[key]] = datahubConfig.requireSecret(key);
  }
  const monitoring = new Monitoring('monitoring', {
    config,
    network: network.name,
    files: renderMonitoringFiles(config),
    alertmanagerSecretFiles,
    grafanaAdminUser: credentials.grafanaAdminUser,
    grafanaAdminPassword: credentials.grafanaAdminPassword,
    scrapeTargets: [app.container, objectStore.container],
    provider,
  });

  return {
    appUrl: app.url,
    minioApiUrl: objectStore.apiUrl,
    minioConsoleUrl: objectStore.consoleUrl,
    prometheusUrl: monitoring.prometheusUrl,
    alertmanagerUrl: monitoring.alertmanagerUrl,
    grafanaUrl: monitoring.grafanaUrl,
    appImageDigest: app.imageDigest,
    minioRootUser: credentials.minioRootUser,
    minioRootPassword: credentials.minioRootPassword,
    grafanaAdminUser: credentials.grafanaAdminUser,
    grafanaAdminPassword: credentials.grafanaAdminPassword,
  };
}
