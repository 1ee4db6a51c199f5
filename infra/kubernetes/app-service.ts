import path from 'node:path';
import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubernetesConfig, StackConfig } from '../config';
import { APP_REPOSITORY } from '../services/app';
import { localImageName } from '../services/image-tags';
import type { ServiceSpec } from '../services/service-spec';
import { SERVICE_HOSTS } from '../services/topology';
import { MINIO_SECRET_KEYS } from './object-store';
import { serviceContainer, servicePorts, serviceUrl } from './service-container';
import { TMP_MOUNT, TMP_VOLUME, objectMeta, restrictedPod, selectorLabels, serviceLabels } from './workload';
import { KUBERNETES_LABELS } from '../../contracts/services';

/** The headless Service whose DNS name resolves to every app pod: Prometheus scrapes each replica. */
export const APP_PODS_SERVICE = `${SERVICE_HOSTS.app}-pods`;

export interface AppServiceArgs {
  readonly config: StackConfig;
  readonly kubernetes: KubernetesConfig;
  readonly spec: ServiceSpec;
  /** The registry password (datahub:registryPassword), when the registry needs a login. */
  readonly registryPassword: pulumi.Output<string> | undefined;
  readonly namespace: pulumi.Input<string>;
  /** The Secret with the MinIO credentials the app signs in with (keys in MINIO_SECRET_KEYS). */
  readonly credentialsSecret: pulumi.Input<string>;
  /** Builds and pushes the app image (the local Docker engine, or DOCKER_HOST). */
  readonly imageBuilder: docker.Provider;
  readonly provider: k8s.Provider;
}

/** The registry host of `registry.example.com:5000/team/datahub`: what `docker login` names. */
export const registryServer = (registry: string) => registry.slice(0, registry.indexOf('/'));

/**
 * The bundled object API on Kubernetes: the image built from app/ and pushed to the stack's
 * registry, a Deployment that pulls it by digest, a PodDisruptionBudget, Services, and the
 * optional Ingress and HorizontalPodAutoscaler.
 */
export class AppService extends pulumi.ComponentResource {
  /** The image built from app/; undefined when the stack pins `datahub:appImage` (a rollback). */
  readonly image: docker.Image | undefined;
  readonly deployment: k8s.apps.v1.Deployment;
  readonly service: k8s.core.v1.Service;
  readonly podsService: k8s.core.v1.Service;
  readonly disruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  readonly ingress: k8s.networking.v1.Ingress | undefined;
  readonly autoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler | undefined;
  /** The ingress URL, or the in-cluster URL of the Service. */
  readonly url: pulumi.Output<string>;
  /** `registry/datahub-app@sha256:…`: the release's app image digest. */
  readonly imageDigest: pulumi.Output<string>;

  constructor(name: string, args: AppServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('datahub:kubernetes:AppService', name, {}, opts);
    const { config, kubernetes, spec, namespace, provider } = args;
    const child = { parent: this, provider };
    const labels = serviceLabels(config.stack, 'app');
    const selector = selectorLabels('app');

    const source = spec.image;
    if ('pinned' in source) {
      this.image = undefined;
      this.imageDigest = pulumi.output(source.pinned);
    } else {
      const { context, args: buildArgs } = source.build;
      const password = args.registryPassword;
      this.image = new docker.Image(
        `${name}-image`,
        {
          build: {
            context,
            dockerfile: path.join(context, 'Dockerfile'),
            args: { ...buildArgs },
            platform: 'linux/amd64',
          },
          imageName: `${kubernetes.registry}/${localImageName(APP_REPOSITORY, context, buildArgs)}`,
          ...(password
            ? {
                registry: {
                  server: registryServer(kubernetes.registry),
                  username: kubernetes.registryUsername,
                  password,
                },
              }
            : {}),
        },
        { parent: this, provider: args.imageBuilder },
      );
      this.imageDigest = this.image.repoDigest;
    }

    const secret = args.credentialsSecret;
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: objectMeta('app', namespace, labels),
        spec: {
          // With the autoscaler on, it owns the replica count; Pulumi setting it too would undo every scale.
          ...(kubernetes.hpa.enabled ? {} : { replicas: kubernetes.appReplicas }),
          selector: { matchLabels: selector },
          // A new pod must be ready before an old one goes: capacity never drops during a rollout.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels },
            spec: {
              ...restrictedPod(spec.user.uid),
              terminationGracePeriodSeconds: spec.stopGraceSeconds,
              ...(kubernetes.imagePullSecret ? { imagePullSecrets: [{ name: kubernetes.imagePullSecret }] } : {}),
              // Replicas on different nodes where the cluster has them.
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: 'kubernetes.io/hostname',
                  whenUnsatisfiable: 'ScheduleAnyway',
                  labelSelector: { matchLabels: selector },
                },
              ],
              containers: [
                serviceContainer(spec, {
                  config,
                  kubernetes,
                  image: this.imageDigest,
                  credentials: {
                    minioRootUser: { secret, key: MINIO_SECRET_KEYS.user },
                    minioRootPassword: { secret, key: MINIO_SECRET_KEYS.password },
                  },
                  volumeMounts: [TMP_MOUNT],
                }),
              ],
              volumes: [TMP_VOLUME],
            },
          },
        },
      },
      child,
    );

    const ports = servicePorts(spec);
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: objectMeta(SERVICE_HOSTS.app, namespace, labels),
        spec: { type: 'ClusterIP', selector, ports },
      },
      child,
    );
    this.podsService = new k8s.core.v1.Service(
      `${name}-pods-service`,
      {
        metadata: objectMeta(APP_PODS_SERVICE, namespace, { ...labels, [KUBERNETES_LABELS.component]: 'metrics' }),
        spec: {
          clusterIP: 'None',
          // Not-ready pods stay scraped: an app that cannot reach MinIO reports it in its metrics.
          publishNotReadyAddresses: true,
          selector,
          ports,
        },
      },
      child,
    );

    this.disruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      {
        metadata: objectMeta('app', namespace, labels),
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
      },
      child,
    );

    const hpa = kubernetes.hpa;
    this.autoscaler = hpa.enabled
      ? new k8s.autoscaling.v2.HorizontalPodAutoscaler(
          `${name}-hpa`,
          {
            metadata: objectMeta('app', namespace, labels),
            spec: {
              scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
              minReplicas: hpa.minReplicas,
              maxReplicas: hpa.maxReplicas,
              metrics: [
                {
                  type: 'Resource',
                  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.cpuUtilization } },
                },
              ],
            },
          },
          child,
        )
      : undefined;

    const ingress = kubernetes.ingress;
    this.ingress =
      ingress.enabled && ingress.host
        ? new k8s.networking.v1.Ingress(
            `${name}-ingress`,
            {
              metadata: objectMeta('app', namespace, labels),
              spec: {
                ...(ingress.className ? { ingressClassName: ingress.className } : {}),
                ...(ingress.tlsSecret ? { tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecret }] } : {}),
                rules: [
                  {
                    host: ingress.host,
                    http: {
                      paths: [
                        {
                          path: '/',
                          pathType: 'Prefix',
                          backend: { service: { name: this.service.metadata.name, port: { name: 'http' } } },
                        },
                      ],
                    },
                  },
                ],
              },
            },
            child,
          )
        : undefined;

    this.url =
      ingress.enabled && ingress.host
        ? pulumi.output(`${ingress.tlsSecret ? 'https' : 'http'}://${ingress.host}`)
        : pulumi.output(namespace).apply((ns) => serviceUrl(spec, ns));
    this.registerOutputs({ url: this.url, imageDigest: this.imageDigest });
  }
}
