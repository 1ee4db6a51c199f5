import type { StackConfig } from '../config';
import type { FileSet } from '../monitoring/render';
import { wgetHealth, type ServiceSpec } from './service-spec';
import { CONTAINER_PORTS, METRICS_ENDPOINTS, PATHS } from './topology';

/** The Grafana admin's login name; the password is generated (credentials.ts). */
export const GRAFANA_ADMIN_USER = 'datahub-admin';

/** Grafana with provisioned datasource and dashboards: no anonymous access, no sign-up, no phoning home. */
export function grafanaSpec(config: Pick<StackConfig, 'images' | 'memoryMb'>, files: FileSet): ServiceSpec {
  return {
    service: 'grafana',
    image: { pinned: config.images.grafana },
    env: [
      { name: 'GF_SECURITY_ADMIN_USER', value: GRAFANA_ADMIN_USER },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', credential: 'grafanaAdminPassword' },
      { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
      { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      { name: 'GF_PATHS_PROVISIONING', value: PATHS.grafanaProvisioning },
    ],
    readOnlyRootEnv: [
      // Logs go to the console only.
      { name: 'GF_LOG_MODE', value: 'console' },
      { name: 'GF_PATHS_LOGS', value: '/tmp/grafana-logs' },
    ],
    ports: [{ name: 'http', port: CONTAINER_PORTS.grafana, hostPortKey: 'grafana' }],
    user: { uid: 472, gid: 0 },
    dataDir: '/var/lib/grafana',
    health: wgetHealth(CONTAINER_PORTS.grafana, '/api/health'),
    metrics: METRICS_ENDPOINTS.grafana,
    files,
    memoryMb: config.memoryMb.grafana,
  };
}
