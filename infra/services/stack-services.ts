import type { StackConfig } from '../config';
import type { MonitoringFiles } from '../monitoring/render';
import { alertmanagerSpec } from './alertmanager';
import { appSpec } from './app';
import { grafanaSpec } from './grafana';
import { minioSpec } from './minio';
import { prometheusSpec } from './prometheus';
import type { ServiceSpec } from './service-spec';

export interface StackServices {
  readonly minio: ServiceSpec;
  readonly app: ServiceSpec;
  readonly prometheus: ServiceSpec;
  readonly alertmanager: ServiceSpec;
  /** Undefined with datahub:grafana.enabled false. */
  readonly grafana: ServiceSpec | undefined;
}

/** Every service of a stack, from its config and the facts only the platform knows. Pure. */
export function stackServices(
  config: StackConfig,
  platform: { readonly publicStorageUrl: string; readonly monitoringFiles: MonitoringFiles },
): StackServices {
  const files = platform.monitoringFiles;
  return {
    minio: minioSpec(config),
    app: appSpec(config, platform),
    prometheus: prometheusSpec(config, files.prometheus),
    alertmanager: alertmanagerSpec(config, files.alertmanager),
    grafana: config.grafana.enabled ? grafanaSpec(config, files.grafana) : undefined,
  };
}
