import * as docker from '@pulumi/docker';
import { PLATFORM_CONFIG, type StackConfig } from '../config';
import { Credentials, alertmanagerSecretFiles } from '../credentials';
import { renderMonitoringFiles } from '../monitoring/render';
import { minioSpec } from '../services/minio';
import { stackServices } from '../services/stack-services';
import type { Platform } from '../platform';
import { stackOutputs, type StackOutputs } from '../stack-outputs';
import type { StackSecrets } from '../stack-secrets';
import { AppService } from './app-service';
import { stackLabels } from './hardening';
import { Monitoring } from './monitoring';
import { dockerRules } from './platform-rules';
import { ObjectStore } from './object-store';
import { publishedUrl } from './service-container';

/** The whole stack on one Docker engine. */
export function deployDocker(config: StackConfig, secrets: StackSecrets): StackOutputs {
  const provider = new docker.Provider('docker', config.dockerHost ? { host: config.dockerHost } : {});
  const opts = { provider };

  const credentials = new Credentials('credentials');
  const network = new docker.Network(
    'network',
    { name: `datahub-${config.stack}`, driver: 'bridge', labels: stackLabels(config.stack, 'network') },
    opts,
  );
  const services = stackServices(config, {
    // The S3 API as the host publishes it: presigned URLs are for clients on this machine.
    publicStorageUrl: publishedUrl(config, minioSpec(config), 'api'),
    monitoringFiles: renderMonitoringFiles(config),
  });
  const wiring = { config, network: network.name, credentials, provider };

  const objectStore = new ObjectStore('object-store', { ...wiring, spec: services.minio });
  const app = new AppService('app', { ...wiring, spec: services.app, objectStore: objectStore.container });
  const monitoring = new Monitoring('monitoring', {
    ...wiring,
    services,
    // Receiver secrets reach Alertmanager as files; the rendered alertmanager.yml only names them.
    alertmanagerSecretFiles: alertmanagerSecretFiles(secrets),
    scrapeTargets: [app.container, objectStore.container],
  });

  return stackOutputs({ app, objectStore, monitoring, credentials });
}

/** The docker platform: its keys and checks, its deploy, and its rules for the ops CLI. */
export const dockerPlatform: Platform = { ...dockerRules, config: PLATFORM_CONFIG.docker, deploy: deployDocker };
