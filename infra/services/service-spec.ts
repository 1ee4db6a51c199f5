import type { Service } from '../config';
import type { StackCredentials } from '../credentials';
import type { FileSet } from '../monitoring/render';
import type { CONTAINER_PORTS, MetricsEndpoint } from './topology';

/** A credential a service reads from its environment; each platform delivers it its own way (never as plain text in a spec). */
export type CredentialRef = keyof Pick<
  StackCredentials,
  'minioRootUser' | 'minioRootPassword' | 'grafanaAdminPassword'
>;

export type EnvVar =
  { readonly name: string; readonly value: string } | { readonly name: string; readonly credential: CredentialRef };

/** A pinned image reference, or an image built from a local context (the app) with its build arguments. */
export type ImageSource =
  | { readonly pinned: string }
  | { readonly build: { readonly context: string; readonly args: Readonly<Record<string, string>> } };

/** A port the service listens on inside the stack's network. */
export interface ServicePort {
  /** The port's name (a Kubernetes container/Service port name). */
  readonly name: string;
  readonly port: number;
  /** The `datahub:ports` key of the host port it is published on (Docker). */
  readonly hostPortKey: keyof typeof CONTAINER_PORTS;
  /** Published on 127.0.0.1 whatever the stack's bind address. */
  readonly loopbackOnly?: boolean;
}

/**
 * Everything a platform needs to run one service, built from the stack config. Pure: the
 * platforms translate a spec into their resources and add only what is theirs (volumes,
 * Secrets, restart policies, probes' timing).
 */
export interface ServiceSpec {
  readonly service: Service;
  readonly image: ImageSource;
  /** Arguments after the image's entrypoint (Docker `command`, Kubernetes `args`). */
  readonly args?: readonly string[];
  readonly env: readonly EnvVar[];
  /** Extra environment when the root filesystem is read-only (Kubernetes). */
  readonly readOnlyRootEnv?: readonly EnvVar[];
  /** The first port is the one health checks and scrapes use. */
  readonly ports: readonly ServicePort[];
  /** Never root. `gid` is the Docker group; Kubernetes runs as uid:uid. */
  readonly user: { readonly uid: number; readonly gid: number };
  /** Where the service keeps its data (a volume or claim), when it has any. */
  readonly dataDir?: string;
  readonly health: {
    /** HTTP paths on the first port: ready to serve, and alive. */
    readonly readyPath: string;
    readonly livePath: string;
    /** The same check as a command the image itself can run (Docker's HEALTHCHECK). */
    readonly command: readonly string[];
    /** Seconds before the first liveness probe (Kubernetes). */
    readonly liveAfterSeconds: number;
  };
  /** Where Prometheus scrapes it (METRICS_ENDPOINTS: the rendered scrape config reads the same table). */
  readonly metrics: MetricsEndpoint;
  /** The rendered files the service reads, by container path. */
  readonly files?: FileSet;
  readonly memoryMb: number;
  /** How long a stop may take before the service is killed. */
  readonly stopGraceSeconds?: number;
}

/** HTTP health on `port`, checked in-image with busybox wget (the Prometheus project's images, Grafana). */
export function wgetHealth(port: number, readyPath: string, livePath = readyPath): ServiceSpec['health'] {
  return {
    readyPath,
    livePath,
    command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${port}${readyPath}`],
    liveAfterSeconds: 30,
  };
}

/** The user the Prometheus project's images run as. */
export const NOBODY = { uid: 65534, gid: 65534 } as const;

/** The reference of a service that runs a pinned image (every service but the app). */
export function pinnedImage(spec: ServiceSpec): string {
  if (!('pinned' in spec.image)) throw new Error(`${spec.service} runs an image built from source, not a pinned one`);
  return spec.image.pinned;
}

/** The port named `name`, or the service's first port (the one health checks use). */
export function portOf(spec: ServiceSpec, name?: string): ServicePort {
  const port = name === undefined ? spec.ports[0] : spec.ports.find((p) => p.name === name);
  if (!port) throw new Error(`${spec.service} has no port named ${name ?? '(any)'}`);
  return port;
}
