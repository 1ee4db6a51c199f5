import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import type { KubernetesConfig, StackConfig } from '../config';
import { Credentials, alertmanagerSecretFiles } from '../credentials';
import { renderMonitoringFiles } from '../monitoring/render';
import { stackOutputs, type StackOutputs } from '../stack-outputs';
import { APP_PODS_SERVICE, AppService } from './app-service';
import { Monitoring } from './monitoring';
import { ObjectStore } from './object-store';
import { OperatorMonitoring } from './operator-monitoring';
import { dataProtection } from './workload';

/** The stack's `datahub:kubernetes` block; config validation guarantees it on this platform. */
export function kubernetesOf(config: StackConfig): KubernetesConfig {
  if (config.platform !== 'kubernetes' || !config.kubernetes) {
    throw new Error(`stack "${config.stack}" is not configured for the kubernetes platform`);
  }
  return config.kubernetes;
}

/** The whole stack on one Kubernetes cluster: the same components, the same rendered monitoring files. */
export function deployKubernetes(config: StackConfig): StackOutputs {
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
          'app.kubernetes.io/part-of': 'datahub',
          'app.kubernetes.io/instance': config.stack,
          // Admission refuses any pod of this namespace that breaks the restricted profile.
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    },
    { provider, ...dataProtection(config) },
  );
  const ns = namespace.metadata.name;

  const objectStore = new ObjectStore('object-store', {
    config,
    kubernetes,
    namespace: ns,
    rootUser: credentials.minioRootUser,
    rootPassword: credentials.minioRootPassword,
    provider,
  });
  const app = new AppService('app', {
    config,
    kubernetes,
    namespace: ns,
    credentialsSecret: objectStore.credentialsSecretName,
    publicStorageUrl: objectStore.apiUrl,
    imageBuilder,
    provider,
  });
  const monitoring = kubernetes.prometheusOperator.enabled
    ? new OperatorMonitoring('monitoring', { config, kubernetes, namespace: ns, provider })
    : new Monitoring('monitoring', {
        config,
        kubernetes,
        namespace: ns,
        // Byte for byte the Docker platform's files; only the app's replicas are found through DNS.
        files: renderMonitoringFiles(config, { appReplicasDnsName: APP_PODS_SERVICE }),
        alertmanagerSecretFiles: alertmanagerSecretFiles(config),
        grafanaAdminUser: credentials.grafanaAdminUser,
        grafanaAdminPassword: credentials.grafanaAdminPassword,
        provider,
      });

  return stackOutputs({ app, objectStore, monitoring, credentials });
}
