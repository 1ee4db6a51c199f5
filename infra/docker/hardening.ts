import type * as docker from '@pulumi/docker';
import type * as pulumi from '@pulumi/pulumi';
import { DOCKER_LABELS } from '../../contracts/services';
import type { Service, StackConfig } from '../config';

/** What a service needs beyond the locked-down default. */
export interface ServiceProfile {
  readonly service: Service;
  /** `uid:gid`; never root. */
  readonly user: string;
  /** Capabilities added back after dropping ALL; none of ours needs any. */
  readonly capAdd?: readonly string[];
  /**
   * Read-only root filesystem. Containers that receive rendered files through `uploads` keep
   * a writable root: Docker refuses to copy files into a read-only one.
   */
  readonly readOnlyRoot: boolean;
  readonly healthcheck: readonly string[];
}

export const HEALTHCHECK_TIMING = { interval: '10s', timeout: '5s', retries: 3, startPeriod: '20s' } as const;
export const WAIT_TIMEOUT_SECONDS = 180;

/** Container args every DataHub container shares: non-root, no new privileges, caps dropped, limits, logs. Pure. */
export function hardenedContainerArgs(
  config: Pick<StackConfig, 'stack' | 'memoryMb' | 'restartPolicy' | 'logRotation'>,
  profile: ServiceProfile,
): Pick<
  docker.ContainerArgs,
  | 'user'
  | 'readOnly'
  | 'tmpfs'
  | 'capabilities'
  | 'securityOpts'
  | 'privileged'
  | 'memory'
  | 'memorySwap'
  | 'restart'
  | 'logDriver'
  | 'logOpts'
  | 'healthcheck'
  | 'wait'
  | 'waitTimeout'
  | 'labels'
  | 'init'
> {
  const memory = config.memoryMb[profile.service];
  return {
    user: profile.user,
    readOnly: profile.readOnlyRoot,
    ...(profile.readOnlyRoot ? { tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m' } } : {}),
    capabilities: { drops: ['ALL'], adds: [...(profile.capAdd ?? [])] },
    securityOpts: ['no-new-privileges:true'],
    privileged: false,
    memory,
    // Equal to memory: no swap on top of the limit.
    memorySwap: memory,
    restart: config.restartPolicy,
    logDriver: 'json-file',
    logOpts: { 'max-size': `${config.logRotation.maxSizeMb}m`, 'max-file': String(config.logRotation.maxFiles) },
    healthcheck: { tests: [...profile.healthcheck], ...HEALTHCHECK_TIMING },
    wait: true,
    waitTimeout: WAIT_TIMEOUT_SECONDS,
    init: false,
    labels: stackLabels(config.stack, profile.service),
  };
}

/** The labels the policy pack and `destroy` find a stack's containers by. */
export function stackLabels(stack: string, service: string): docker.types.input.ContainerLabel[] {
  return [
    { label: DOCKER_LABELS.stack, value: stack },
    { label: DOCKER_LABELS.service, value: service },
  ];
}

/** A published port on the stack's bind address. */
export function publish(address: string, internal: number, external: number): docker.types.input.ContainerPort {
  return { internal, external, ip: address, protocol: 'tcp' };
}

export function attach(network: pulumi.Input<string>, alias: string): docker.types.input.ContainerNetworksAdvanced {
  return { name: network, aliases: [alias] };
}
