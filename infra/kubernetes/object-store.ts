import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import { pinnedImage, type ServiceSpec } from '../services/service-spec';
import { SERVICE_HOSTS } from '../services/topology';
import { dataClaim } from './data-claim';
import { dataMount, serviceContainer, servicePorts, serviceUrl } from './service-container';
import { TMP_MOUNT, TMP_VOLUME, objectMeta, restrictedPod, selectorLabels, serviceLabels } from './workload';

/** The Secret keys of the MinIO root credentials (the app signs in with them too). */
export const MINIO_SECRET_KEYS = { user: 'root-user', password: 'root-password' } as const;

export interface ObjectStoreArgs {
  /** The validated stack config. */
  readonly config: StackConfig;
  /** Its `datahub:kubernetes` block. */
  readonly kubernetes: KubernetesConfig;
  readonly spec: ServiceSpec;
  /** The namespace every object goes in. */
  readonly namespace: pulumi.Input<string>;
  /** MinIO root credentials (secret Outputs). */
  readonly rootUser: pulumi.Input<string>;
  readonly rootPassword: pulumi.Input<string>;
  readonly provider: k8s.Provider;
}

/** MinIO on Kubernetes: a StatefulSet on a protected PersistentVolumeClaim, credentials in a Secret, a Service named `minio`. */
export class ObjectStore extends pulumi.ComponentResource {
  readonly credentials: k8s.core.v1.Secret;
  readonly dataClaim: k8s.core.v1.PersistentVolumeClaim;
  readonly statefulSet: k8s.apps.v1.StatefulSet;
  readonly service: k8s.core.v1.Service;
  /** The name of the Secret holding the root credentials (keys in MINIO_SECRET_KEYS). */
  readonly credentialsSecretName: pulumi.Output<string>;
  /** In-cluster URL of the S3 API. */
  readonly apiUrl: pulumi.Output<string>;
  readonly consoleUrl: pulumi.Output<string>;

  constructor(name: string, args: ObjectStoreArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:kubernetes:ObjectStore', name, {}, opts);
    const { config, kubernetes, spec, namespace, provider } = args;
    const child = { parent: this, provider };
    const labels = serviceLabels(config.stack, 'minio');

    this.credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: objectMeta('minio-credentials', namespace, labels),
        type: 'Opaque',
        stringData: {
          [MINIO_SECRET_KEYS.user]: pulumi.secret(args.rootUser),
          [MINIO_SECRET_KEYS.password]: pulumi.secret(args.rootPassword),
        },
      },
      child,
    );
    this.dataClaim = dataClaim(`${name}-data`, 'minio', args, child);

    const secret = this.credentials.metadata.name;
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        // The host name the rendered scrape targets and the app use, as the Docker network alias.
        metadata: objectMeta(SERVICE_HOSTS.minio, namespace, labels),
        spec: {
          type: 'ClusterIP',
          selector: selectorLabels('minio'),
          ports: servicePorts(spec),
        },
      },
      child,
    );

    this.statefulSet = new k8s.apps.v1.StatefulSet(
      `${name}-minio`,
      {
        metadata: objectMeta('minio', namespace, labels),
        spec: {
          // One server on one volume: MinIO's single-drive mode, as on Docker.
          replicas: 1,
          serviceName: this.service.metadata.name,
          selector: { matchLabels: selectorLabels('minio') },
          template: {
            metadata: { labels },
            spec: {
              ...restrictedPod(spec.user.uid),
              terminationGracePeriodSeconds: spec.stopGraceSeconds,
              containers: [
                serviceContainer(spec, {
                  config,
                  kubernetes,
                  image: pinnedImage(spec),
                  credentials: {
                    minioRootUser: { secret, key: MINIO_SECRET_KEYS.user },
                    minioRootPassword: { secret, key: MINIO_SECRET_KEYS.password },
                  },
                  volumeMounts: [dataMount(spec), TMP_MOUNT],
                }),
              ],
              volumes: [
                { name: 'data', persistentVolumeClaim: { claimName: this.dataClaim.metadata.name } },
                TMP_VOLUME,
              ],
            },
          },
        },
      },
      child,
    );

    this.credentialsSecretName = this.credentials.metadata.name;
    this.apiUrl = pulumi.output(namespace).apply((ns) => serviceUrl(spec, ns, 'api'));
    this.consoleUrl = pulumi.output(namespace).apply((ns) => serviceUrl(spec, ns, 'console'));
    this.registerOutputs({ apiUrl: this.apiUrl, consoleUrl: this.consoleUrl });
  }
}
