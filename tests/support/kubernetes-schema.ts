/**
 * Offline validation of Kubernetes manifests against the OpenAPI schema of a pinned Kubernetes
 * version: kubernetes-models 4.5.1 ships validators compiled from Kubernetes v1.33.0's OpenAPI
 * spec (merged with the specs of older releases for removed APIs), and
 * @kubernetes-models/prometheus-operator 4.4.4 the CRD schemas of Prometheus Operator v0.65.1.
 * The schema is the API's own: like the API server's, it does not forbid unknown fields; the
 * program's field names are checked by TypeScript against @pulumi/kubernetes' types instead.
 */
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { Registration } from './pulumi-program';

/** The Kubernetes release whose OpenAPI schema kubernetes-models 4.5.1 was generated from. */
export const KUBERNETES_SCHEMA_VERSION = 'v1.33.0';
export const PROMETHEUS_OPERATOR_CRD_VERSION = 'v0.65.1';

type Model = { validate(): void };
type ModelClass = new (data: Record<string, unknown>) => Model;

/** apiVersion/kind → its model. A kind missing here fails validation: every object must have a schema. */
const MODELS: Readonly<Record<string, ModelClass>> = Object.fromEntries(
  (
    [
      ['v1/Namespace', Namespace],
      ['v1/ConfigMap', ConfigMap],
      ['v1/Secret', Secret],
      ['v1/Service', Service],
      ['v1/PersistentVolumeClaim', PersistentVolumeClaim],
      ['apps/v1/Deployment', Deployment],
      ['apps/v1/StatefulSet', StatefulSet],
      ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
      ['networking.k8s.io/v1/Ingress', Ingress],
      ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler],
      ['monitoring.coreos.com/v1/PrometheusRule', PrometheusRule],
      ['monitoring.coreos.com/v1/ServiceMonitor', ServiceMonitor],
    ] as const
  ).map(([key, model]) => [key, model as unknown as ModelClass]),
);

export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string };

/** Drops undefined fields, as serialising a manifest to YAML or JSON would. */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, defined(v)]),
    );
  }
  return value;
}

/** A registered Kubernetes object as the manifest the provider would send: its inputs are apiVersion, kind, metadata, spec… */
export function manifestOf(registration: Registration): Manifest {
  const manifest = defined(registration.inputs) as Manifest;
  if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
    throw new Error(`${registration.type} ${registration.name} has no apiVersion/kind in its inputs`);
  }
  return manifest;
}

/** Every Kubernetes object of a run (not providers, not components). */
export const kubernetesObjects = (resources: readonly Registration[]) =>
  resources.filter((r) => r.custom && r.type.startsWith('kubernetes:'));

/** The schema violations of a manifest: [] when valid. */
export function schemaErrors(manifest: Manifest): string[] {
  const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!model)
    return [
      `no schema for ${manifest.apiVersion}/${manifest.kind}: add its model to tests/support/kubernetes-schema.ts`,
    ];
  try {
    new model(manifest).validate();
    return [];
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  }
}
