import type { StackConfig } from '../config';
import { prometheusServerArgs } from '../monitoring/prometheus-config';
import type { FileSet } from '../monitoring/render';
import { prometheusProjectServer } from './prometheus-project';
import type { ServiceSpec } from './service-spec';
import { CONTAINER_PORTS } from './topology';

/** Prometheus with the rendered prometheus.yml and rule file. */
export function prometheusSpec(
  config: Pick<StackConfig, 'images' | 'memoryMb' | 'retention' | 'alertProfile'>,
  files: FileSet,
): ServiceSpec {
  const dataDir = '/prometheus';
  const args = prometheusServerArgs(config, dataDir, CONTAINER_PORTS.prometheus);
  return prometheusProjectServer('prometheus', config, { dataDir, args, files });
}
