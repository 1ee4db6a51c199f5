import * as docker from '@pulumi/docker';
import type { StackConfig } from '../config';
import { renderMonitoringFiles } from '../monitoring/render';
import { AppService } from './app-service';
import { Credentials, alertmanagerSecretFiles } from '../credentials';
import { stackOutputs, type StackOutputs } from '../stack-outputs';
import { stackLabels } from './hardening';
import { Monitoring } from './monitoring';
import { ObjectStore } from './object-store';

export type { StackOutputs };

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
  const monitoring = new Monitoring('monitoring', {
    config,
    network: network.name,
    files: renderMonitoringFiles(config),
    // Receiver secrets reach Alertmanager as files; the rendered alertmanager.yml only names them.
    alertmanagerSecretFiles: alertmanagerSecretFiles(config),
    grafanaAdminUser: credentials.grafanaAdminUser,
    grafanaAdminPassword: credentials.grafanaAdminPassword,
    scrapeTargets: [app.container, objectStore.container],
    provider,
  });

  return stackOutputs({ app, objectStore, monitoring, credentials });
}
