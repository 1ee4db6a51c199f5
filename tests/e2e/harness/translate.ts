/**
 * Pure translations of the docker provider's resource inputs into Docker Engine API bodies,
 * mirroring the provider's documented semantics. Any input field without a translation throws,
 * so a field the program starts using can never be silently ignored by the e2e harness.
 */
import type Docker from 'dockerode';

export type Inputs = Record<string, unknown>;

export class UntranslatedInputError extends Error {
  override readonly name = 'UntranslatedInputError';
}

/** Fails on any key of `inputs` outside `known`. */
export function assertTranslated(type: string, name: string, inputs: Inputs, known: readonly string[]): void {
  const unknown = Object.keys(inputs).filter((k) => inputs[k] !== undefined && !known.includes(k));
  if (unknown.length > 0) {
    throw new UntranslatedInputError(
      `the e2e harness does not translate ${type} input(s) ${unknown.join(', ')} (on ${name}); teach tests/e2e/harness/translate.ts what the docker provider does with them`,
    );
  }
}

const MB = 1024 * 1024;

/** Provider durations ("10s", "1m30s", "500ms") in the nanoseconds the Engine API wants. */
export function durationToNanos(duration: string): number {
  const units: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) {
    throw new UntranslatedInputError(`cannot read the duration "${duration}"`);
  }
  return parts.reduce((total, [, n, unit]) => total + Number(n) * units[unit!]!, 0);
}

const labelsOf = (labels: unknown, runLabels: Record<string, string>) => ({
  ...Object.fromEntries(((labels ?? []) as { label: string; value: string }[]).map((l) => [l.label, l.value])),
  ...runLabels,
});

export const NETWORK_FIELDS = ['name', 'driver', 'labels'] as const;
export function networkBody(inputs: Inputs, runLabels: Record<string, string>): Docker.NetworkCreateOptions {
  return {
    Name: String(inputs.name),
    Driver: (inputs.driver as string | undefined) ?? 'bridge',
    Labels: labelsOf(inputs.labels, runLabels),
    CheckDuplicate: true,
  };
}

export const VOLUME_FIELDS = ['name', 'labels'] as const;
export function volumeBody(inputs: Inputs, runLabels: Record<string, string>): Docker.VolumeCreateOptions {
  return { Name: String(inputs.name), Labels: labelsOf(inputs.labels, runLabels) };
}

export const CONTAINER_FIELDS = [
  'name',
  'image',
  'command',
  'envs',
  'user',
  'readOnly',
  'tmpfs',
  'capabilities',
  'securityOpts',
  'privileged',
  'memory',
  'memorySwap',
  'restart',
  'logDriver',
  'logOpts',
  'healthcheck',
  'wait',
  'waitTimeout',
  'labels',
  'init',
  'ports',
  'volumes',
  'networksAdvanced',
  'uploads',
  'stopTimeout',
] as const;

export interface ContainerPlan {
  readonly create: Docker.ContainerCreateOptions;
  /** Further networks to connect before start (the Engine API takes one at create). */
  readonly moreNetworks: { name: string; aliases: string[] }[];
  readonly uploads: { file: string; content: string; executable: boolean }[];
  readonly wait: boolean;
  readonly waitTimeoutSeconds: number;
}

/** The Engine API create body for a docker:index/container:Container, and what happens around it. */
export function containerPlan(inputs: Inputs, runLabels: Record<string, string>): ContainerPlan {
  const ports = (inputs.ports ?? []) as { internal: number; external?: number; ip?: string; protocol?: string }[];
  const volumes = (inputs.volumes ?? []) as {
    volumeName?: string;
    hostPath?: string;
    containerPath: string;
    readOnly?: boolean;
  }[];
  const networks = (inputs.networksAdvanced ?? []) as { name: string; aliases?: string[] }[];
  const healthcheck = inputs.healthcheck as
    | {
        tests: string[];
        interval?: string;
        timeout?: string;
        retries?: number;
        startPeriod?: string;
        startInterval?: string;
      }
    | undefined;
  const capabilities = inputs.capabilities as { adds?: string[]; drops?: string[] } | undefined;
  const memoryMb = inputs.memory as number | undefined;
  const swapMb = inputs.memorySwap as number | undefined;
  const restart = (inputs.restart as string | undefined) ?? 'no';

  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports) {
    const key = `${p.internal}/${p.protocol ?? 'tcp'}`;
    exposed[key] = {};
    // The provider publishes on 0.0.0.0 when no ip is given.
    (bindings[key] ??= []).push({
      HostIp: p.ip ?? '0.0.0.0',
      HostPort: p.external === undefined ? '' : String(p.external),
    });
  }
  const [first, ...rest] = networks;

  return {
    create: {
      name: inputs.name as string | undefined,
      Image: String(inputs.image),
      Cmd: inputs.command as string[] | undefined,
      Env: inputs.envs as string[] | undefined,
      User: inputs.user as string | undefined,
      Labels: labelsOf(inputs.labels, runLabels),
      ExposedPorts: exposed,
      StopTimeout: inputs.stopTimeout as number | undefined,
      Healthcheck: healthcheck && {
        Test: healthcheck.tests,
        // The provider's default is "0s", which lets Docker apply its own defaults.
        Interval: durationToNanos(healthcheck.interval ?? '0s'),
        Timeout: durationToNanos(healthcheck.timeout ?? '0s'),
        Retries: healthcheck.retries ?? 0,
        StartPeriod: durationToNanos(healthcheck.startPeriod ?? '0s'),
        ...(healthcheck.startInterval ? { StartInterval: durationToNanos(healthcheck.startInterval) } : {}),
      },
      HostConfig: {
        ReadonlyRootfs: inputs.readOnly === true,
        Tmpfs: inputs.tmpfs as Record<string, string> | undefined,
        CapAdd: capabilities?.adds,
        CapDrop: capabilities?.drops,
        SecurityOpt: inputs.securityOpts as string[] | undefined,
        Privileged: inputs.privileged === true,
        // The provider takes memory and memory_swap in MB.
        Memory: memoryMb === undefined ? undefined : memoryMb * MB,
        MemorySwap: swapMb === undefined ? undefined : swapMb * MB,
        RestartPolicy: { Name: restart === 'no' ? '' : restart },
        LogConfig: inputs.logDriver
          ? { Type: String(inputs.logDriver), Config: (inputs.logOpts ?? {}) as Record<string, string> }
          : undefined,
        Init: inputs.init as boolean | undefined,
        PortBindings: bindings,
        Binds: volumes.map((v) => `${v.volumeName ?? v.hostPath}:${v.containerPath}${v.readOnly ? ':ro' : ''}`),
        NetworkMode: first?.name ?? 'bridge',
      },
      NetworkingConfig: first ? { EndpointsConfig: { [first.name]: { Aliases: first.aliases ?? [] } } } : undefined,
    },
    moreNetworks: rest.map((n) => ({ name: n.name, aliases: n.aliases ?? [] })),
    uploads: ((inputs.uploads ?? []) as { file: string; content?: string; executable?: boolean }[]).map((u) => ({
      file: u.file,
      content: u.content ?? '',
      executable: u.executable === true,
    })),
    // The provider waits for healthy only when asked, for wait_timeout seconds (60 by default).
    wait: inputs.wait === true,
    waitTimeoutSeconds: (inputs.waitTimeout as number | undefined) ?? 60,
  };
}
