import type * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import type { StackCredentials } from '../credentials';
import type { FileSet } from '../monitoring/render';
import { portOf, type ServiceSpec } from '../services/service-spec';
import { SERVICE_HOSTS } from '../services/topology';
import { attach, hardenedContainerArgs, publish } from './hardening';

export interface ContainerWiring {
  readonly config: StackConfig;
  readonly network: pulumi.Input<string>;
  /** What the container runs: a local image id or a pulled image's id. */
  readonly image: pulumi.Input<string>;
  readonly credentials: StackCredentials;
  /** The data volume mounted at the spec's data directory. */
  readonly dataVolume?: pulumi.Input<string>;
  /** Secret files uploaded next to the spec's files (Alertmanager's receiver secrets). */
  readonly secretFiles?: Readonly<Record<string, pulumi.Output<string>>>;
}

const uploads = (files: FileSet | Readonly<Record<string, pulumi.Output<string>>>) =>
  Object.entries(files).map(([file, content]) => ({ file, content }));

/**
 * A service spec as a Docker container: environment (credentials interpolated as secrets), ports
 * on the stack's bind address, rendered files uploaded, the data volume, and the hardened defaults.
 */
export function serviceContainerArgs(spec: ServiceSpec, wiring: ContainerWiring): docker.ContainerArgs {
  const { config, credentials } = wiring;
  // Docker refuses to copy uploads into a read-only root, so services that get files keep a writable one.
  const readOnlyRoot = spec.files === undefined;
  const env = [...spec.env, ...(readOnlyRoot ? (spec.readOnlyRootEnv ?? []) : [])];
  const files = [...uploads(spec.files ?? {}), ...uploads(wiring.secretFiles ?? {})];
  return {
    name: `datahub-${config.stack}-${spec.service}`,
    image: wiring.image,
    ...(spec.args ? { command: [...spec.args] } : {}),
    ...(env.length > 0
      ? {
          envs: env.map((e) =>
            'value' in e ? `${e.name}=${e.value}` : pulumi.interpolate`${e.name}=${credentials[e.credential]}`,
          ),
        }
      : {}),
    ...(files.length > 0 ? { uploads: files } : {}),
    ...(spec.dataDir && wiring.dataVolume
      ? { volumes: [{ volumeName: wiring.dataVolume, containerPath: spec.dataDir }] }
      : {}),
    networksAdvanced: [attach(wiring.network, SERVICE_HOSTS[spec.service])],
    ports: spec.ports.map((p) =>
      publish(p.loopbackOnly ? '127.0.0.1' : config.bindAddress, p.port, config.ports[p.hostPortKey]),
    ),
    ...(spec.stopGraceSeconds ? { stopTimeout: spec.stopGraceSeconds } : {}),
    ...hardenedContainerArgs(config, {
      service: spec.service,
      user: `${spec.user.uid}:${spec.user.gid}`,
      readOnlyRoot,
      healthcheck: ['CMD', ...spec.health.command],
    }),
  };
}

/** The host URL of a spec's port as the Docker platform publishes it. */
export function publishedUrl(config: Pick<StackConfig, 'bindAddress' | 'ports'>, spec: ServiceSpec, portName?: string) {
  const port = portOf(spec, portName);
  return `http://${port.loopbackOnly ? '127.0.0.1' : config.bindAddress}:${config.ports[port.hostPortKey]}`;
}
