/**
 * What the program and the policy pack agree on about the services a stack runs: their names
 * and the labels that mark them. infra/ sets these labels and policies/ finds services by them.
 * No imports: the policy pack loads this file from outside its own folder.
 */

export const SERVICES = ['minio', 'app', 'prometheus', 'alertmanager', 'grafana'] as const;
export type Service = (typeof SERVICES)[number];

export const isService = (value: string): value is Service => (SERVICES as readonly string[]).includes(value);

/** The labels on every container of the Docker platform. */
export const DOCKER_LABELS = {
  stack: 'org.datahub.stack',
  service: 'org.datahub.service',
} as const;

/** The recommended Kubernetes labels, as every object of the Kubernetes platform carries them. */
export const KUBERNETES_LABELS = {
  /** The service: the selector of its pods, and the job label the Prometheus Operator scrapes them under. */
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  instance: 'app.kubernetes.io/instance',
  managedBy: 'app.kubernetes.io/managed-by',
  component: 'app.kubernetes.io/component',
} as const;

/** The value of `app.kubernetes.io/part-of` on every DataHub object. */
export const PART_OF = 'datahub';
