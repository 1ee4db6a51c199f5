import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import { PLATFORM_CONFIG, type KubernetesConfig, type StackConfig } from '../config';
import { Credentials, alertmanagerSecretFiles } from '../credentials';
import { renderMonitoringFiles } from '../monitoring/render';
import { serviceUrl } from './service-container';
import { minioSpec } from '../services/minio';
import { stackServices } from '../services/stack-services';
import type { Platform } from '../platform';
import { stackOutputs, type StackOutputs } from '../stack-outputs';
import type { StackSecrets } from '../stack-secrets';
import { APP_PODS_SERVICE, AppService } from './app-service';
import { Monitoring } from './monitoring';
import { kubernetesRules } from './platform-rules';
import { ObjectStore } from './object-store';
import { OperatorMonitoring } from './operator-monitoring';
import { dataProtection } from './workload';
import { KUBERNETES_LABELS, PART_OF } from '../../contracts/services';

/** The stack's `datahub:kubernetes` block; config validation guarantees it on this platform. */
export function kubernetesOf(config: StackConfig): KubernetesConfig {
  if (config.platform !== 'kubernetes' || !config.kubernetes) {
    throw new Error(`stack "${config.stack}" is not configured for the kubernetes platform`);
  }
  return config.kubernetes;
}

/** The whole stack on one Kubernetes cluster: the same components, the same rendered monitoring files. */
export function deployKubernetes(config: StackConfig, secrets: StackSecrets): StackOutputs {
  const kubernetes = kubernetesOf(config);
  const provider = new k8s.Provider('kubernetes', kubernetes.context ? { context: kubernetes.context } : {});
  // The app image is built by the local Docker engine (or DOCKER_HOST) and pushed to the registry.
  const imageBuilder = new docker.Provider('image-builder', {});

  const credentials = new Credentials('credentials');
  // Protected with the data: deleting a namespace deletes the claims in it, retained or not.
  const namespace = new k8s.core.v1.Namespace(
    'namespace',
    {
      metadata: {
        name: kubernetes.namespace,
        labels: {
          [KUBERNETES_LABELS.partOf]: PART_OF,
          [KUBERNETES_LABELS.instance]: config.stack,
          // Admission refuses any pod of this namespace that breaks the restricted profile.
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    },
    { provider, ...dataProtection(config) },
  );
  const ns = namespace.metadata.name;
  const services = stackServices(config, {
    // The S3 API inside the cluster: presigned URLs are for clients in it (or behind a port-forward).
    publicStorageUrl: serviceUrl(minioSpec(config), kubernetes.namespace, 'api'),
    // Byte for byte the Docker platform's files; only the app's replicas are found through DNS.
    monitoringFiles: renderMonitoringFiles(config, { appReplicasDnsName: APP_PODS_SERVICE }),
  });

  const objectStore = new ObjectStore('object-store', {
    config,
    kubernetes,
    spec: services.minio,
    namespace: ns,
    rootUser: credentials.minioRootUser,
    rootPassword: credentials.minioRootPassword,
    provider,
  });
  const app = new AppService('app', {
    config,
    kubernetes,
    namespace: ns,
    spec: services.app,
    registryPassword: secrets.registryPassword,
    credentialsSecret: objectStore.credentialsSecretName,
    imageBuilder,
    provider,
  });
  const monitoring = kubernetes.prometheusOperator.enabled
    ? new OperatorMonitoring('monitoring', { config, kubernetes, namespace: ns, provider })
    : new Monitoring('monitoring', {
        config,
        kubernetes,
        namespace: ns,
        services,
        alertmanagerSecretFiles: alertmanagerSecretFiles(secrets),
        grafanaAdminPassword: credentials.grafanaAdminPassword,
        provider,
      });

  return stackOutputs({ app, objectStore, monitoring, credentials });
}

/** The kubernetes platform: its keys and checks, its deploy, and its rules for the ops CLI. */
export const kubernetesPlatform: Platform = {
  ...kubernetesRules,
  config: PLATFORM_CONFIG.kubernetes,
  deploy: deployKubernetes,
};
