import { z } from 'zod';
import { flag, integerIn, oneOf, section } from './fields';

export const RESTART_POLICIES = ['always', 'unless-stopped', 'on-failure'] as const;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const port = integerIn(1, 65535);

/**
 * The keys only the Docker platform reads: set on a kubernetes stack, they would silently do nothing
 * (and are refused, in this order).
 */
export const DOCKER_FIELDS = {
  bindAddress: z.string().regex(IPV4, { message: 'must be an IPv4 address such as 127.0.0.1' }).default('127.0.0.1'),
  allowPublicBind: flag(false),
  ports: section({
    app: port.default(8080),
    minioApi: port.default(9000),
    minioConsole: port.default(9001),
    prometheus: port.default(9090),
    alertmanager: port.default(9093),
    grafana: port.default(3000),
  }),
  restartPolicy: oneOf(RESTART_POLICIES).default('unless-stopped'),
  logRotation: section({
    maxSizeMb: integerIn(1, 1024, { unit: 'MiB' }).default(10),
    maxFiles: integerIn(1, 100).default(3),
  }),
  dockerHost: z
    .string()
    .regex(/^(unix|tcp|ssh|npipe):\/\/.+/, { message: 'must be a Docker host URL such as unix:///var/run/docker.sock' })
    .optional(),
  /**
   * Options of the `local` volume driver for the data volumes (an NFS export or a device, as
   * `docker volume create -o` takes them). Changing them replaces every data volume: a new, empty one.
   */
  dataVolumeDriverOpts: z
    .record(z.string(), z.string({ message: 'must be a string' }))
    .refine((opts) => Object.keys(opts).every((k) => /^[a-z][a-z0-9_.-]*$/.test(k)), {
      message: 'must be a map of driver option names (such as type, o, device) to strings',
    })
    .default({}),
};

export type DockerOnlyKey = keyof typeof DOCKER_FIELDS;
export const DOCKER_ONLY_KEYS = Object.keys(DOCKER_FIELDS) as readonly DockerOnlyKey[];

/** The parsed values of the Docker-only keys. */
export type DockerSettings = z.output<z.ZodObject<typeof DOCKER_FIELDS>>;

/**
 * The problems of a docker stack's config beyond each key's own schema: a datahub:kubernetes block,
 * a host port used twice, a public bind without consent. `setKeys` are the keys the stack sets.
 */
export function dockerProblems(
  stack: string,
  config: DockerSettings & { readonly grafana: { readonly enabled: boolean } },
  setKeys: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (setKeys.has('kubernetes')) {
    problems.push(
      `datahub:kubernetes applies to the kubernetes platform only, and this stack runs on docker: remove it (\`pulumi config rm --stack ${stack} datahub:kubernetes\`) or set datahub:platform kubernetes`,
    );
  }
  const seen = new Map<number, string>();
  for (const [name, value] of Object.entries(config.ports)) {
    if (name === 'grafana' && !config.grafana.enabled) continue;
    const previous = seen.get(value);
    if (previous)
      problems.push(
        `datahub:ports.${name} ${value} is already used by datahub:ports.${previous}; each host port must be unique`,
      );
    else seen.set(value, name);
  }
  if (!config.allowPublicBind && !config.bindAddress.startsWith('127.')) {
    problems.push(
      `datahub:bindAddress "${config.bindAddress}" publishes ports beyond this machine; use a loopback address such as 127.0.0.1, or set datahub:allowPublicBind true on purpose`,
    );
  }
  return problems;
}
